#!/usr/bin/env python3
"""Writes the small embedding tables that tests/test_embeddings.cpp reads (and
the embedding fuzzers start from), next to this script. Plain Python 3
(struct, json): the bytes are laid out by hand from the format descriptions
in src/mha/embeddings/embedding_table.hpp, independently of the C++ readers.

    python3 tests/data/embeddings/make_embedding_files.py

The values are exact in float32 (0.5, -1.25, 3, ...) or say which float they
must round to (0.1 -> 0.1f), so a test can state them. Each bad_* file is a
good one broken in one place; the comment says where.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def word2vec(rows, newline=b"\n"):
    """rows: list of (word, values); the word2vec.c layout, '\\n' after each row."""
    dim = len(rows[0][1])
    out = b"%d %d\n" % (len(rows), dim)
    for word, values in rows:
        out += word.encode("utf-8") + b" " + f32(*values) + newline
    return out


def npy(shape, raw, descr="<f4"):
    shape_text = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_text)
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + raw


def safetensors(tensors, metadata=None):
    """tensors: list of (name, shape, float values), stored as F32 in this order."""
    header, offset, data = {}, 0, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, shape, values in tensors:
        raw = f32(*values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


# --- good tables ---------------------------------------------------------

# 4 words x 3 values, no header. "cat" holds 0.1 (rounds to 0.1f) and -0.
GLOVE = "the 0.5 -1.25 3\ncat 0.1 2 -0\nsat -0.5 0.25 1e-3\non 1 2 3\n"
write("glove.txt", GLOVE)
# The same rows under a "count dim" header (word2vec text, fastText .vec).
write("header.vec", "4 3\n" + GLOVE)
# The same rows as they come from other tools: a byte-order mark, CRLF, tabs,
# double and trailing spaces, a blank line, no '\n' at the end.
write("messy.txt", "\ufeffthe 0.5\t-1.25  3 \r\ncat 0.1 2 -0\r\n\r\nsat -0.5 0.25 1e-3\t\non 1 2 3")
# CJK words (3 bytes a character in UTF-8), 2 values.
write("cjk.txt", "猫 1 0\n犬 0 1\n日本語 0.5 -0.5\n")
# "cat" twice: line 1 wins, line 3 is noted.
write("duplicates.txt", "cat 1 1\ndog 2 2\ncat 3 3\n")

W2V_ROWS = [("the", (0.5, -1.25)), ("猫", (1.0, 2.0)), ("cat", (0.1, -0.0))]
write("w2v.bin", word2vec(W2V_ROWS))
# gensim writes no '\n' after a row; both are read.
write("w2v_no_newlines.bin", word2vec(W2V_ROWS, newline=b""))

# A [3, 2] matrix and its vocabulary: line 1 names row 0.
EMB = (0.5, -1.25, 0.1, 2.0, 1.0, -0.0)
write("emb.npy", npy((3, 2), f32(*EMB)))
write("emb.vocab.txt", "the\ncat\n猫\n")
# safetensors: the tensor "weight" and the tokens in __metadata__ "vocab".
write("emb.safetensors", safetensors([("weight", [3, 2], EMB)], {"vocab": json.dumps(["the", "cat", "猫"])}))
# One 2-D tensor of another name and no vocabulary inside: emb.vocab.txt names it.
write("emb_plain.safetensors", safetensors([("word_embeddings", [3, 2], EMB)]))
write("emb.json", '{"the": [0.5, -1.25], "cat": [0.1, 2], "猫": [1, -0.0]}')

# --- bad tables (each a good one broken in one place) ----------------------

write("bad_ragged.txt", "the 1 2 3\ncat 1 2\n")            # line 2: 2 values, expected 3
write("bad_number.txt", "the 1 2 3\ncat 1 x2 3\n")         # line 2, value 2: "x2"
write("bad_nan.txt", "the 1 2 3\ncat 1 nan 3\n")           # line 2, value 2: NaN
write("bad_header_rows.vec", "3 2\nthe 1 2\ncat 3 4\n")    # header: 3 rows, the file has 2
write("bad_header_dim.vec", "2 3\nthe 1 2\ncat 3 4\n")     # header: 3 values, line 2 has 2
write("bad_utf8.txt", b"the 1 2\nca\xff 1 2\n")            # line 2: 0xff is never UTF-8
write("empty.txt", "")
# Cut inside the values of row 2 ("猫"): header 4 bytes, row 1 4 + 8 + 1 = 13,
# row 2's word and space 4 bytes, then 5 of its 8 value bytes.
write("bad_truncated.bin", word2vec(W2V_ROWS)[: 4 + 13 + 4 + 5])
write("short.vocab.txt", "the\ncat\n")                      # 2 tokens for 3 rows
write("bad_vocab_space.txt", "the\ncat 12\n猫\n")           # line 2: a token and a count
write("bad_vocab_blank.txt", "the\n\n猫\n")                 # line 2: empty
write("bad_ragged.json", '{"the": [1, 2], "cat": [1]}')     # "cat": 1 value, expected 2
