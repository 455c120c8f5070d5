#!/usr/bin/python3
"""Torch reference for the induction probe (src/mha/model/analysis.hpp) on
tests/data/hf/gpt2-tiny, for the test "the induction probe agrees with a
float64 torch forward" (tests/test_model.cpp).

    /usr/bin/python3 tests/reference/make_head_analysis_cases.py
        # -> tests/reference/head_analysis_cases/gpt2-tiny-induction.json

For each case (N, seed): the probe's 2N ids from our PRNG written again in
Python (SplitMix64 of prng_reference.py; the stream "induction probe" of the
seed, as core/rng.cpp's stream_for), the float64 torch GPT-2 forward of
make_hf_cases.py on them (read from the stored weights), and each head's
score, mean A[i, i − N + 1] over i ∈ [N, 2N). Deterministic: sorted keys,
one torch thread.

make_hf_cases.py imports python3-regex for GPT-2's pre-tokenizer, which is
not used here (the probe is ids, not text); a stand-in module takes its
place when regex is not installed.
"""
import json
import os
import sys
import types

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
try:
    import regex  # noqa: F401
except ImportError:
    stand_in = types.ModuleType("regex")
    stand_in.compile = lambda pattern: None  # GPT2_PATTERN, never matched here
    sys.modules["regex"] = stand_in
import torch  # noqa: E402

from make_hf_cases import canonical, gpt2_forward, load_folder  # noqa: E402
from prng_reference import SplitMix64  # noqa: E402

MASK = (1 << 64) - 1
CASES = [(32, 42), (32, 7), (5, 1)]  # (N, seed): the CLI's length and default seed, another seed, a short one


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for c in data:
        h = ((h ^ c) * 0x100000001B3) & MASK
    return h


def probe_ids(vocab_size, n, seed):
    """induction_probe_ids: r_i = next() mod vocab_size, i < N, shown twice."""
    rng = SplitMix64(SplitMix64(seed).next() ^ fnv1a64(b"induction probe"))
    r = [rng.next() % vocab_size for _ in range(n)]
    return r + r


def main():
    torch.set_num_threads(1)
    folder = os.path.join(here, "..", "data", "hf", "gpt2-tiny")
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    tensors, _ = load_folder(folder)
    w = {canonical(name): torch.tensor(a, dtype=torch.float64) for name, a in tensors.items()}
    cases = []
    for n, seed in CASES:
        ids = probe_ids(cfg["vocab_size"], n, seed)
        A = gpt2_forward(w, cfg, ids)["attentions"]  # [L, H, 2N, 2N]
        scores = [[float(sum(A[l, h, i, i - n + 1] for i in range(n, 2 * n)) / n) for h in range(A.shape[1])]
                  for l in range(A.shape[0])]
        cases.append({"length": n, "seed": seed, "ids": ids, "induction": scores})
    out = os.path.join(here, "head_analysis_cases", "gpt2-tiny-induction.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"model": "tests/data/hf/gpt2-tiny", "cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {out}: {len(cases)} cases")


if __name__ == "__main__":
    main()
