#!/usr/bin/env python3
"""Writes the inputs of the doc examples that no other fixture provides
(tests/reference/doc_examples.py names the rest). Needs NumPy only; a rerun
writes the same bytes.

    /usr/bin/python3 tests/data/docs/make_doc_files.py

mha_e8_no_heads.safetensors: the weights of nn.MultiheadAttention(8, 2) with
biases as PyTorch names them (in_proj_weight [24, 8], in_proj_bias [24],
out_proj.weight [8, 8], out_proj.bias [8]), taken from the PyTorch case
tests/reference/torch_cases/self_e8_h2_n5_bias.safetensors, without its
inputs and expectations and without num_heads in the metadata: a state dict
as a user saves it, which does not say how many heads it has
(docs/weights.md, "Sizes").

glove.6B.50d.txt: a stand-in for GloVe's file of that name, in its format
(a word and 50 values a line, lower-case words, up to 6 decimals), for the
words of the docs' examples only; the values are random (NumPy, seed 50),
so they carry no meaning, but the run sees a 50-wide table as with GloVe's.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "reference"))
import safetensors_io  # noqa: E402

case = safetensors_io.read(os.path.join(HERE, "..", "..", "reference", "torch_cases", "self_e8_h2_n5_bias.safetensors"))
tensors, dtypes, _ = case
weights = {name: (tensors[name], dtypes[name])
           for name in ("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias")}
safetensors_io.write(os.path.join(HERE, "mha_e8_no_heads.safetensors"), weights, {"format": "pt"})

import numpy as np  # noqa: E402

rng = np.random.default_rng(50)
words = ["the", "cat", "sat", "on", "mat", "dog", "a", ".", "it", "was", "tired", "because"]
with open(os.path.join(HERE, "glove.6B.50d.txt"), "w", encoding="utf-8", newline="\n") as f:
    for w in words:
        f.write(w + " " + " ".join(f"{v:.6f}".rstrip("0").rstrip(".") for v in rng.normal(0, 0.4, 50)) + "\n")
