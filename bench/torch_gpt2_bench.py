#!/usr/bin/python3
"""The torch side of the GPT-2 benchmark (issue 6): one eager forward pass of
a HuggingFace-layout GPT-2 checkpoint, keeping every attention map.

    tests/reference/make_hf_cases.py --gpt2-small /tmp/gpt2-small     # ~550 MB, a few seconds
    bench/torch_gpt2_bench.py --model /tmp/gpt2-small --tokens 128 --repeat 10
    bench/torch_gpt2_bench.py --check tests/data/hf/gpt2-tiny          # the forward against the fixtures

The model folder holds config.json and model.safetensors (or shards and
model.safetensors.index.json) under GPT2Model or GPT2LMHeadModel names
('transformer.' prefix optional); the attn.bias / attn.masked_bias buffers
are skipped. Weights are read with tests/reference/safetensors_io.py into
float32 arrays (F16/BF16 widened) and wrapped without copying.

The forward pass is the idiomatic eager one HF's GPT2Model runs, in float32
under torch.no_grad(): F.embedding, F.layer_norm, torch.addmm for the Conv1D
layers (y = x W + b), q k^T / sqrt(d_k), torch.where with a precomputed
causal mask and finfo.min, F.softmax, F.gelu(approximate="tanh") (= gelu_new).
All n_layer x n_head attention maps are kept (output_attentions=True style,
one [1, n_head, n, n] tensor per layer) and the logits are computed for the
last position only (tied to wte), not for every position.

Input: --tokens N ids drawn from torch.Generator().manual_seed(--seed) below
vocab_size - 1. One warm-up run, then --repeat timed runs. Prints one line:

    torch_forward_ms median=... min=... max=... load_ms=... tokens=N repeat=R threads=T layers=L heads=H maps=L*H

load_ms is reading config.json and the weights into float32 arrays.
torch.set_num_threads(--threads, default 2): the machine has 2 shared cores.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))
import safetensors_io  # noqa: E402


def load(folder):
    """-> (config dict, {GPT2Model name: float32 torch tensor})."""
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    weights = {}
    for file in files:
        tensors, _, _ = safetensors_io.read(os.path.join(folder, file))
        for name, array in tensors.items():
            name = name[len("transformer.") :] if name.startswith("transformer.") else name
            if name.endswith((".attn.bias", ".attn.masked_bias")):
                continue  # the causal-mask buffers; the mask is built below
            weights[name] = torch.from_numpy(array)
    return cfg, weights


class GPT2:
    def __init__(self, cfg, w):
        self.w = w
        self.d, self.heads, self.layers = cfg["n_embd"], cfg["n_head"], cfg["n_layer"]
        self.eps = cfg["layer_norm_epsilon"]
        positions = cfg["n_positions"]
        self.causal = torch.ones(positions, positions, dtype=torch.bool).tril()  # HF's attn.bias
        self.min = torch.tensor(torch.finfo(torch.float32).min)

    def __call__(self, ids):
        """ids: LongTensor [n] -> (attentions: list of [1, H, n, n], last_hidden_state [n, d], logits [V])."""
        w, d, H = self.w, self.d, self.heads
        n, dk = ids.shape[0], self.d // self.heads
        scale = math.sqrt(dk)
        mask = self.causal[:n, :n]
        h = F.embedding(ids, w["wte.weight"]) + w["wpe.weight"][:n]  # [n, d]
        attentions = []
        for i in range(self.layers):
            p = f"h.{i}."
            a = F.layer_norm(h, (d,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], self.eps)
            qkv = torch.addmm(w[p + "attn.c_attn.bias"], a, w[p + "attn.c_attn.weight"])  # [n, 3d]
            q, k, v = qkv.view(n, 3, H, dk).permute(1, 2, 0, 3)  # each [H, n, d_k]
            scores = torch.matmul(q, k.transpose(-1, -2)) / scale  # [H, n, n]
            probs = F.softmax(torch.where(mask, scores, self.min), dim=-1)
            attentions.append(probs.unsqueeze(0))
            ctx = torch.matmul(probs, v).transpose(0, 1).reshape(n, d)  # [n, d]
            h = h + torch.addmm(w[p + "attn.c_proj.bias"], ctx, w[p + "attn.c_proj.weight"])
            m = F.layer_norm(h, (d,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], self.eps)
            f = F.gelu(torch.addmm(w[p + "mlp.c_fc.bias"], m, w[p + "mlp.c_fc.weight"]), approximate="tanh")
            h = h + torch.addmm(w[p + "mlp.c_proj.bias"], f, w[p + "mlp.c_proj.weight"])
        last = F.layer_norm(h, (d,), w["ln_f.weight"], w["ln_f.bias"], self.eps)
        logits = torch.mv(w["wte.weight"], last[-1])  # [V], lm_head tied to wte
        return attentions, last, logits


def check(folder):
    """Run the forward on every case of the folder's expected.safetensors (make_hf_cases.py)."""
    cfg, w = load(folder)
    model = GPT2(cfg, w)
    exp, _, meta = safetensors_io.read(os.path.join(folder, "expected.safetensors"))
    worst = 0.0
    with torch.no_grad():
        for j in range(int(meta["num_cases"])):
            ids = torch.from_numpy(exp[f"case{j}.input_ids"].astype(np.int64))
            attentions, last, logits = model(ids)
            got = {
                "attentions": torch.cat(attentions).numpy(),
                "last_hidden_state": last.numpy(),
                "next_token_logits": logits.numpy(),
            }
            for name, value in got.items():
                worst = max(worst, float(np.abs(value - exp[f"case{j}.{name}"]).max()))
    print(f"torch_gpt2_check {folder}: {meta['num_cases']} cases, max |d| = {worst:.2e}")
    return 0 if worst <= 1e-4 else 1


def bench(folder, tokens, repeat, seed):
    start = time.perf_counter()
    cfg, w = load(folder)
    load_ms = (time.perf_counter() - start) * 1e3
    model = GPT2(cfg, w)
    if tokens > cfg["n_positions"]:
        raise SystemExit(f"--tokens {tokens} > n_positions {cfg['n_positions']}")
    ids = torch.randint(0, cfg["vocab_size"] - 1, (tokens,), generator=torch.Generator().manual_seed(seed))
    times = []
    with torch.no_grad():
        for run in range(repeat + 1):
            start = time.perf_counter()
            attentions, _, logits = model(ids)
            elapsed = (time.perf_counter() - start) * 1e3
            if run:  # run 0 is the warm-up
                times.append(elapsed)
    assert len(attentions) == cfg["n_layer"] and attentions[0].shape == (1, cfg["n_head"], tokens, tokens)
    assert torch.isfinite(logits).all()
    print(
        f"torch_forward_ms median={statistics.median(times):.2f} min={min(times):.2f} max={max(times):.2f}"
        f" load_ms={load_ms:.0f} tokens={tokens} repeat={repeat} threads={torch.get_num_threads()}"
        f" layers={cfg['n_layer']} heads={cfg['n_head']} maps={cfg['n_layer'] * cfg['n_head']}"
    )
    return 0


def main():
    parser = argparse.ArgumentParser(description="GPT-2 eager forward in torch: timing, or --check against fixtures")
    parser.add_argument("--model", help="checkpoint folder (config.json + model.safetensors)")
    parser.add_argument("--check", metavar="FOLDER", help="compare the forward with FOLDER/expected.safetensors instead")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.check:
        return check(args.check)
    if not args.model:
        parser.error("--model or --check is required")
    return bench(args.model, args.tokens, args.repeat, args.seed)


if __name__ == "__main__":
    sys.exit(main())
