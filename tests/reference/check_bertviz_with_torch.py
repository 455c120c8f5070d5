#!/usr/bin/env python3
"""The Python of docs/bertviz.md runs on files `--bertviz` wrote and hands
head_view what it takes.

    check_bertviz_with_torch.py path/to/mha-explain

bertviz itself is not installed here, so a stand-in `bertviz.head_view`
checks what the real one does with its arguments (bertviz/head_view.py and
util.format_attention): a list of one tensor per layer, each 4-dimensional
with batch 1, squeezed and stacked into layers x heads x rows x columns, and
as many tokens as rows and columns. Then the tensors must be float32 of shape
(1, heads, n, n) (cross-attention: (1, heads, n, m)) and hold exactly the
softmax weights of the JSON trace of the same run, masked cells 0, no NaN.

Runs: the seed sentence with --causal and 4 heads (masked cells), and a
cross-attention with a padded context (masked keys). Exits 77 (the CTest skip
code) without torch.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import types

try:
    import torch
except ImportError:
    print("torch is not installed: skipped")
    sys.exit(77)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
calls = []


def head_view(attention=None, tokens=None, sentence_b_start=None, prettify_tokens=True, layer=None, heads=None,
              encoder_attention=None, decoder_attention=None, cross_attention=None, encoder_tokens=None,
              decoder_tokens=None, include_layers=None, html_action="view"):
    """What bertviz's head_view checks before it draws."""
    if attention is not None:
        assert tokens is not None, "'tokens' is required"
        assert cross_attention is None and encoder_tokens is None and decoder_tokens is None
        tensors, left, right = attention, tokens, tokens
    else:
        assert cross_attention is not None and encoder_tokens is not None and decoder_tokens is not None
        tensors, left, right = cross_attention, decoder_tokens, encoder_tokens
    for t in tensors:
        assert isinstance(t, torch.Tensor), type(t)
        assert len(t.shape) == 4 and t.shape[0] == 1, t.shape  # format_attention: batch 1, then squeeze(0)
    stacked = torch.stack([t.squeeze(0) for t in tensors])
    assert stacked.shape[2] == len(left) and stacked.shape[3] == len(right), (stacked.shape, left, right)
    calls.append((tensors, left, right))


def python_blocks():
    with open(os.path.join(ROOT, "docs", "bertviz.md"), encoding="utf-8") as f:
        return re.findall(r"```python\n(.*?)```", f.read(), re.S)


def softmax_of(trace_path):
    with open(trace_path, encoding="utf-8") as f:
        trace = json.load(f)
    steps = sorted((s for s in trace["steps"] if s["step"] == "softmax"), key=lambda s: s["head"])
    return torch.tensor([s["values"] for s in steps], dtype=torch.float32)  # heads x n x m


def check(where, expected, tensors, rows, cols):
    ok = True
    (t,) = tensors  # one layer
    heads, n, m = expected.shape
    if t.dtype != torch.float32 or tuple(t.shape) != (1, heads, n, m) or (len(rows), len(cols)) != (n, m):
        print(f"FAIL {where}: {t.dtype} {tuple(t.shape)}, {len(rows)} x {len(cols)} tokens; "
              f"expected float32 (1, {heads}, {n}, {m})")
        return False
    if torch.isnan(t).any() or not torch.equal(t[0], expected):
        print(f"FAIL {where}: the weights differ from the trace's softmax: {t[0]} against {expected}")
        ok = False
    else:
        print(f"{where}: float32 {tuple(t.shape)}, equal to the trace's softmax, {int((t == 0).sum())} zero cells")
    return ok


def main():
    binary = os.path.abspath(sys.argv[1])
    blocks = python_blocks()
    if len(blocks) != 3:
        print(f"FAIL: docs/bertviz.md has {len(blocks)} python blocks; expected 3 (five lines, cross, any)")
        return 1
    five_lines, cross_line, any_line = blocks
    load = "".join(five_lines.splitlines(keepends=True)[:3])  # imports and json.load
    sys.modules["bertviz"] = types.SimpleNamespace(head_view=head_view)
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
            for i, code in enumerate(codes):
                calls.clear()
                exec(compile(load + code if i else code, "docs/bertviz.md", "exec"), {})
                if len(calls) != 1:
                    print(f"FAIL {name}: the docs' code called head_view {len(calls)} times")
                    ok = False
                    continue
                ok = check(f"{name}, docs block {i + 1}", expected, *calls[0]) and ok
            os.chdir(tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
