#!/usr/bin/env python3
"""Writes the small vocabularies of tests/test_text_tokenizers.cpp (also the
seeds of the fuzz targets in fuzz/): run from anywhere, writes beside itself.

    wordpiece-vocab.txt   a BERT-style vocab.txt, id = line number - 1
    bpe-vocab.json        GPT-2 style: the 256 byte symbols (id = byte value),
                          then one token per merge (ids 256 on)
    bpe-merges.txt        the merges, best first
"""
import json
import os

here = os.path.dirname(os.path.abspath(__file__))

WORDPIECE = ["[PAD]", "[UNK]", "[CLS]", "[SEP]",   # 0-3
             "the", "un", "##aff", "##able",       # 4-7
             "play", "##ing", "##s", "cafe",       # 8-11
             "我", "喜", "欢", ",", "!", "'", "t", "don",  # 12-19
             "a", "##a", "hello"]                  # 20-22

MERGES = ["Ġ t",    # 256 Ġt
          "h e",    # 257 he
          "Ġt he",  # 258 Ġthe
          "l l",    # 259 ll
          "' ll",   # 260 'll
          "o n",    # 261 on
          "d on",   # 262 don
          "è Ĭ",    # 263 èĬ: the first two bytes of 芝 (E8 8A 9D)
          "Ġ Ġ"]    # 264 ĠĠ


def bytes_to_unicode():
    """GPT-2's encoder.py: printable Latin-1 spells itself, the rest U+0100 on."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def main():
    with open(os.path.join(here, "wordpiece-vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(t + "\n" for t in WORDPIECE))
    symbols = bytes_to_unicode()
    vocab = {symbols[b]: b for b in range(256)}
    for k, m in enumerate(MERGES):
        vocab[m.replace(" ", "")] = 256 + k
    with open(os.path.join(here, "bpe-vocab.json"), "w", encoding="utf-8", newline="\n") as f:
        # One entry a line, so that line b + 2 holds byte b (the error tests count on it).
        f.write("{\n" + ",\n".join(f"  {json.dumps(t, ensure_ascii=False)}: {i}" for t, i in vocab.items()) + "\n}\n")
    with open(os.path.join(here, "bpe-merges.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("#version: 0.2\n" + "".join(m + "\n" for m in MERGES))


if __name__ == "__main__":
    main()
