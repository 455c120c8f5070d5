#!/usr/bin/env python3
"""The Python of docs/bertviz.md runs on files `--bertviz` wrote and hands
head_view what it takes.

    check_bertviz_docs.py path/to/mha-explain

Neither bertviz nor torch is installed by the test set-up (Debian 12's
python3-torch pulls in 165 packages, 607 MB), so both are stand-ins:

- `torch.tensor` is NumPy with torch's rules for nested Python lists (torch
  1.13, default dtype float32): float32 as soon as one number is a float,
  int64 when all are integers (why the file writes a block of zeros as 0.0),
  and an error for ragged lists. Each float32 is the double rounded to
  nearest, as torch does, so the numbers equal torch's bit for bit.
- `bertviz.head_view` and `model_view` check what the real ones do with their
  arguments (bertviz/head_view.py and util.format_attention): a list of one
  tensor per layer, each 4-dimensional with batch 1, squeezed and stacked
  into layers x heads x rows x columns, and as many tokens as rows and
  columns; their own argument names.

Then the tensors must be float32 of shape (1, heads, n, n) (cross-attention:
(1, heads, n, m)) and hold exactly the softmax weights of the JSON trace of
the same run, masked cells 0, no NaN.

Runs: the seed sentence with --causal and 4 heads (masked cells), and a
cross-attention with a padded context (masked keys). Then the model-shaped
files tests/test_model_exports.cpp writes (several blocks; a BERT sentence
pair of which --layers and --heads kept only some), through the docs' model
block (model_view) and the one-line call: one tensor per block 0 ... the
last captured one, each block's captured heads equal to the trace's softmax,
the rest zeros, include_layers and sentence_b_start as bertviz takes them.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import types

import numpy as np

from recompute_trace import write_model_files

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
calls = []


def tensor(data):
    """torch.tensor of nested Python lists (torch 1.13, default dtype float32)."""
    t = np.array(data)  # bool, int64 when every number is an int, float64 when one is a float; ragged: error
    if t.dtype == np.float64:
        t = t.astype(np.float32)
    if t.dtype.kind not in "bif":
        raise TypeError(f"torch.tensor cannot make a tensor of {t.dtype}")
    return t


def view(attention, tokens, sentence_b_start, cross_attention, encoder_tokens, decoder_tokens, include_layers):
    """What bertviz's head_view and model_view check before they draw
    (util.format_attention, num_heads)."""
    if attention is not None:
        assert tokens is not None, "'tokens' is required"
        assert cross_attention is None and encoder_tokens is None and decoder_tokens is None
        tensors, left, right = attention, tokens, tokens
    else:
        assert cross_attention is not None and encoder_tokens is not None and decoder_tokens is not None
        tensors, left, right = cross_attention, decoder_tokens, encoder_tokens
    assert tensors[0][0].shape[0] >= 1  # num_heads reads the first layer, whatever include_layers says
    if include_layers is None:
        include_layers = list(range(len(tensors)))
    for t in [tensors[i] for i in include_layers]:
        assert isinstance(t, np.ndarray), type(t)
        assert len(t.shape) == 4 and t.shape[0] == 1, t.shape  # format_attention: batch 1, then squeeze(0)
    stacked = np.stack([tensors[i].squeeze(0) for i in include_layers])
    assert stacked.shape[2] == len(left) and stacked.shape[3] == len(right), (stacked.shape, left, right)
    assert sentence_b_start is None or 0 < sentence_b_start < len(left), sentence_b_start
    calls.append((tensors, left, right, include_layers, sentence_b_start))


# bertviz's own signatures, so that an argument one of them lacks fails here as it would there.
def head_view(attention=None, tokens=None, sentence_b_start=None, prettify_tokens=True, layer=None, heads=None,
              encoder_attention=None, decoder_attention=None, cross_attention=None, encoder_tokens=None,
              decoder_tokens=None, include_layers=None, html_action="view"):
    view(attention, tokens, sentence_b_start, cross_attention, encoder_tokens, decoder_tokens, include_layers)


def model_view(attention=None, tokens=None, sentence_b_start=None, prettify_tokens=True, display_mode="dark",
               encoder_attention=None, decoder_attention=None, cross_attention=None, encoder_tokens=None,
               decoder_tokens=None, include_layers=None, include_heads=None, html_action="view"):
    view(attention, tokens, sentence_b_start, cross_attention, encoder_tokens, decoder_tokens, include_layers)


def python_blocks():
    with open(os.path.join(ROOT, "docs", "bertviz.md"), encoding="utf-8") as f:
        return re.findall(r"```python\n(.*?)```", f.read(), re.S)


def softmax_of(trace_path):
    with open(trace_path, encoding="utf-8") as f:
        trace = json.load(f)
    steps = sorted((s for s in trace["steps"] if s["step"] == "softmax"), key=lambda s: s["head"])
    return np.array([s["values"] for s in steps], dtype=np.float32)  # heads x n x m


def check(where, expected, tensors, rows, cols, include_layers, sentence_b_start):
    ok = True
    (t,) = tensors  # one layer
    heads, n, m = expected.shape
    if t.dtype != np.float32 or tuple(t.shape) != (1, heads, n, m) or (len(rows), len(cols)) != (n, m):
        print(f"FAIL {where}: {t.dtype} {tuple(t.shape)}, {len(rows)} x {len(cols)} tokens; "
              f"expected float32 (1, {heads}, {n}, {m})")
        return False
    if np.isnan(t).any() or not np.array_equal(t[0], expected):
        print(f"FAIL {where}: the weights differ from the trace's softmax: {t[0]} against {expected}")
        ok = False
    else:
        print(f"{where}: float32 {tuple(t.shape)}, equal to the trace's softmax, {int((t == 0).sum())} zero cells")
    return ok


def check_model(where, trace, tensors, rows, cols, include_layers, sentence_b_start):
    """One tensor per block 0 ... the last captured one, (1, heads, n, n):
    the trace's softmax where captured, zeros elsewhere."""
    softmax = {(s["layer"], s["head"]): np.array(s["values"], dtype=np.float32)
               for s in trace["steps"] if s["step"] == "softmax"}
    captured = sorted({layer for layer, _ in softmax})
    heads, n = trace["config"]["heads"], len(trace["tokens"])
    types = trace["model"]["token_types"]
    problems = []
    if len(tensors) != captured[-1] + 1:
        problems.append(f"{len(tensors)} layers; expected {captured[-1] + 1}")
    if include_layers != captured:
        problems.append(f"include_layers {include_layers}; expected {captured}")
    if sentence_b_start != (types.index(1) if 1 in types else None):
        problems.append(f"sentence_b_start {sentence_b_start} for token types {types}")
    for layer, t in enumerate(tensors):
        if t.dtype != np.float32 or tuple(t.shape) != (1, heads, n, n) or (len(rows), len(cols)) != (n, n):
            problems.append(f"layer {layer}: {t.dtype} {tuple(t.shape)}; expected float32 (1, {heads}, {n}, {n})")
            continue
        for h in range(heads):
            want = softmax.get((layer, h), np.zeros((n, n), np.float32))
            if not np.array_equal(t[0, h], want):
                problems.append(f"layer {layer} head {h} differs from {'the trace' if (layer, h) in softmax else 0}")
    for p in problems:
        print(f"FAIL {where}: {p}")
    if not problems:
        print(f"{where}: {len(tensors)} layers (1, {heads}, {n}, {n}), {len(softmax)} captured heads equal to the "
              f"trace's softmax, the rest 0; include_layers {include_layers}, sentence_b_start {sentence_b_start}")
    return not problems


def run_docs(name, codes, load, compare):
    """Runs each docs block in the current folder; each must call a view once, whose arguments compare() checks."""
    ok = True
    for i, code in enumerate(codes):
        calls.clear()
        exec(compile(load + code if i else code, "docs/bertviz.md", "exec"), {})
        if len(calls) != 1:
            print(f"FAIL {name}: the docs' code called a view {len(calls)} times")
            ok = False
            continue
        ok = compare(f"{name}, docs block {i + 1}", *calls[0]) and ok
    return ok


def main():
    binary = os.path.abspath(sys.argv[1])
    blocks = python_blocks()
    if len(blocks) != 4:
        print(f"FAIL: docs/bertviz.md has {len(blocks)} python blocks; expected 4 (five lines, cross, any, model)")
        return 1
    five_lines, cross_line, any_line, model_lines = blocks
    load = "".join(five_lines.splitlines(keepends=True)[:3])  # imports and json.load
    sys.modules["bertviz"] = types.SimpleNamespace(head_view=head_view, model_view=model_view)
    sys.modules["torch"] = types.SimpleNamespace(tensor=tensor)
    runs = [("self-attention", ["我 喜欢 吃 芝士 薯条", "--causal", "--heads", "4"], [five_lines, any_line]),
            ("cross-attention", ["我 喜欢 吃", "--context", "I like fries <pad>", "--pad", "<pad>"],
             [load + cross_line, any_line])]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, args, codes in runs:
            folder = os.path.join(tmp, name)
            os.mkdir(folder)
            subprocess.run([binary, *args, "-q", "--bertviz", os.path.join(folder, "attention.json"),
                            "--json", os.path.join(folder, "trace.json")], check=True, stderr=subprocess.DEVNULL)
            expected = softmax_of(os.path.join(folder, "trace.json"))
            if not (expected == 0).any():
                print(f"FAIL {name}: the run has no masked cells to check")
                ok = False
            os.chdir(folder)  # the docs open "attention.json"
            ok = run_docs(name, codes, load, lambda where, *call: check(where, expected, *call)) and ok
            os.chdir(tmp)
        for name, folder in write_model_files(binary, os.path.join(tmp, "model-files")).items():
            with open(os.path.join(folder, "trace.json"), encoding="utf-8") as f:
                trace = json.load(f)
            os.chdir(folder)
            ok = run_docs(name, [load + model_lines, any_line], load,
                          lambda where, *call: check_model(where, trace, *call)) and ok
            os.chdir(tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
