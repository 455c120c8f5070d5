#!/usr/bin/python3
"""Expected output of the dict tokenizer, from jieba itself.

Runs Debian's python3-jieba, jieba.cut(text, HMM=False), over the sentences
of tests/reference/jieba_sentences.txt with (a) our small dictionary
samples/dict/zh-small.dict.txt and (b) jieba's full dict.txt when installed,
and writes tests/data/jieba_cases.json. tests/test_text_tokenizers.cpp
compares DictTokenizer::segment with it token for token.

    /usr/bin/python3 tests/reference/make_jieba_cases.py

(/usr/bin/python3: Debian's jieba is in its dist-packages.)
"""
import json
import logging
import os
import sys

import jieba

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
full_dict = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
small_dict = os.path.join(root, "samples", "dict", "zh-small.dict.txt")


def unescape(line):
    out, i = [], 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line) and line[i + 1] in "trn\\":
            out.append({"t": "\t", "r": "\r", "n": "\n", "\\": "\\"}[line[i + 1]])
            i += 2
        else:
            out.append(line[i])
            i += 1
    return "".join(out)


def main():
    jieba.setLogLevel(logging.ERROR)
    with open(os.path.join(root, "tests", "reference", "jieba_sentences.txt"), encoding="utf-8") as f:
        sentences = [unescape(l.rstrip("\n")) for l in f if not l.startswith("//")]
    small = jieba.Tokenizer(dictionary=small_dict)
    full = jieba.Tokenizer(dictionary=full_dict) if os.path.exists(full_dict) else None
    cases = []
    for s in sentences:
        case = {"text": s, "small": list(small.cut(s, HMM=False))}
        if full:
            case["full"] = list(full.cut(s, HMM=False))
        cases.append(case)
    out = {
        "about": "jieba.cut(text, HMM=False) by tests/reference/make_jieba_cases.py",
        "jieba_version": jieba.__version__,
        "python": sys.version.split()[0],
        "small_dict": "samples/dict/zh-small.dict.txt",
        # The test compares the "full" lists only with a dict.txt of this size.
        "full_dict": full_dict if full else None,
        "full_dict_bytes": os.path.getsize(full_dict) if full else None,
        "cases": cases,
    }
    with open(os.path.join(root, "tests", "data", "jieba_cases.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(cases)} sentences, jieba {jieba.__version__}")


if __name__ == "__main__":
    main()
