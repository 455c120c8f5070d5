#!/usr/bin/python3
"""The torch side of the Llama-family benchmark (bench/llama_vs_torch.sh):
one eager forward pass of a Hugging Face Llama/Mistral/Qwen2/Qwen3 checkpoint
written from the equations as transformers' eager attention runs it, keeping
every attention map (output_attentions=True style).

    bench/torch_llama_bench.py --model DIR --tokens 256 --repeat 3 [--threads 2]
    bench/torch_llama_bench.py --check tests/data/hf/llama-tiny     # against the fixtures

Weights are read with tests/reference/safetensors_io.py and widened to
float32 (what a CPU user of transformers gets by default); the pass runs in
float32 under torch.no_grad(): F.embedding, RMSNorm, F.linear, rotate_half
RoPE, repeat_kv for grouped-query heads, q·kᵀ/√d_k with an additive causal
(and sliding-window) mask, F.softmax, A·V, SwiGLU, residuals, the final norm,
and the logits of the last position only. Input ids: id_t = (1000 + 7919·t)
mod (V − 1), as build/bench/model_bench uses. One warm-up, then --repeat
timed runs. Prints one line:

    torch_forward_ms median=... min=... max=... load_ms=... tokens=N repeat=R threads=T layers=L heads=H maps=L*H
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
import make_llama_cases  # noqa: E402  (rope_frequencies, windows: the same config reading as the fixtures)
import safetensors_io  # noqa: E402


def load(folder):
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    index = os.path.join(folder, "model.safetensors.index.json")
    files = ["model.safetensors"]
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    w = {}
    for file in files:
        tensors, _, _ = safetensors_io.read(os.path.join(folder, file))
        for name, a in tensors.items():
            w[name[len("model."):] if name.startswith("model.") else name] = torch.from_numpy(a)
    return cfg, w


def rms_norm(x, g, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * g


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


@torch.no_grad()
def forward(cfg, w, ids):
    d, h, hkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg.get("num_key_value_heads", cfg["num_attention_heads"])
    dk = cfg.get("head_dim") or d // h
    eps = cfg["rms_norm_eps"]
    n = ids.shape[0]
    omega = make_llama_cases.rope_frequencies(cfg).float()
    angle = torch.arange(n, dtype=torch.float32)[:, None] * omega[None, :]
    cos = torch.cat((angle.cos(), angle.cos()), -1)
    sin = torch.cat((angle.sin(), angle.sin()), -1)
    x = F.embedding(ids, w["embed_tokens.weight"])
    maps = []
    for l, window in enumerate(make_llama_cases.windows(cfg)):
        p = f"layers.{l}."
        a = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = F.linear(a, w[p + "self_attn.q_proj.weight"], w.get(p + "self_attn.q_proj.bias")).view(n, h, dk).transpose(0, 1)
        k = F.linear(a, w[p + "self_attn.k_proj.weight"], w.get(p + "self_attn.k_proj.bias")).view(n, hkv, dk).transpose(0, 1)
        v = F.linear(a, w[p + "self_attn.v_proj.weight"], w.get(p + "self_attn.v_proj.bias")).view(n, hkv, dk).transpose(0, 1)
        if p + "self_attn.q_norm.weight" in w:
            q = rms_norm(q, w[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, w[p + "self_attn.k_norm.weight"], eps)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k, v = k.repeat_interleave(h // hkv, dim=0), v.repeat_interleave(h // hkv, dim=0)  # repeat_kv
        mask = torch.full((n, n), float("-inf")).triu(1)
        if window:
            mask = mask + torch.full((n, n), float("-inf")).tril(-window)
        A = F.softmax(q @ k.transpose(1, 2) / math.sqrt(dk) + mask, dim=-1)  # [h, n, n]
        maps.append(A)
        y = F.linear((A @ v).transpose(0, 1).reshape(n, h * dk), w[p + "self_attn.o_proj.weight"],
                     w.get(p + "self_attn.o_proj.bias"))
        x = x + y
        m = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        x = x + F.linear(F.silu(F.linear(m, w[p + "mlp.gate_proj.weight"])) * F.linear(m, w[p + "mlp.up_proj.weight"]),
                         w[p + "mlp.down_proj.weight"])
    H = rms_norm(x, w["norm.weight"], eps)
    logits = F.linear(H[-1:], w.get("lm_head.weight", w["embed_tokens.weight"]))[0]
    return maps, H, logits


def check(folder):
    cfg, w = load(folder)
    expected, _, meta = safetensors_io.read(os.path.join(folder, "expected.safetensors"))
    worst = 0.0
    for j, case in enumerate(json.loads(meta["cases"])):
        maps, H, logits = forward(cfg, w, torch.tensor(case["ids"]))
        worst = max(worst, float((torch.stack(maps) - torch.from_numpy(expected[f"case{j}.attentions"])).abs().max()),
                    float((H - torch.from_numpy(expected[f"case{j}.last_hidden_state"])).abs().max()),
                    float((logits - torch.from_numpy(expected[f"case{j}.next_token_logits"])).abs().max()))
    print(f"{folder}: max |delta| against the fixtures' float64 expectations = {worst:.2e}")
    return worst < 1e-4


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--tokens", type=int, default=256)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--check")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.check:
        sys.exit(0 if check(args.check) else 1)
    t0 = time.perf_counter()
    cfg, w = load(args.model)
    load_ms = (time.perf_counter() - t0) * 1000
    V = cfg["vocab_size"]
    ids = torch.tensor([(1000 + 7919 * t) % (V - 1) for t in range(args.tokens)])
    runs = []
    for r in range(args.repeat + 1):
        t0 = time.perf_counter()
        maps, _, _ = forward(cfg, w, ids)
        if r > 0:
            runs.append((time.perf_counter() - t0) * 1000)
    L, h = len(maps), maps[0].shape[0]
    print(f"torch_forward_ms median={statistics.median(runs):.2f} min={min(runs):.2f} max={max(runs):.2f} "
          f"load_ms={load_ms:.1f} tokens={args.tokens} repeat={args.repeat} threads={args.threads} layers={L} heads={h} maps={L * h}")


if __name__ == "__main__":
    main()
