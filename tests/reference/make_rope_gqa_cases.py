#!/usr/bin/python3
"""Write torch reference cases for the toy layer's RoPE and grouped-query attention.

torch.nn.MultiheadAttention has neither, so the forward is written here in
torch from the equations, the way Hugging Face's Llama code computes them:

    Q = X·W_Q, K = X·W_K, V = X·W_V               (our x·W layout, no biases)
    Q_i = Q[:, i·d_k : (i+1)·d_k], K_j, V_j        h query heads, h_kv key/value heads
    RoPE (rotate_half): x' = x·cos + rotate_half(x)·sin, rotate_half(x) = [−x2, x1],
        cos/sin of pos·θ^(−2j/d_k) for pair j, repeated for both halves
    repeat_kv: query head i reads key/value head i / (h / h_kv)
    A_i = softmax(Q_i'·K_j'ᵀ / √d_k + M), C_i = A_i·V_j, Y = [C_0 | …]·W_O

Everything is computed in float64 from float32 inputs and weights and
stored as float32, so the reference is exact to float32 rounding. Each case
goes to tests/reference/rope_gqa_cases/<case>.safetensors with X, W_Q, W_K,
W_V, W_O (our names), expected.q_rot [h, n, d_k], expected.k_rot
[h_kv, n, d_k] (rope only), expected.attn_weights [h, n, n] and
expected.output [n, d]; metadata: heads, kv_heads, d_model, rope_theta
(0: no rope), causal. Reruns write byte-identical files (fixed seeds).

    /usr/bin/python3 tests/reference/make_rope_gqa_cases.py   # Debian's python3-torch
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rope_gqa_cases")

# name: (seed, d_model, heads, kv_heads, n, rope_theta (0: none), causal)
CASES = {
    "rope-h2": (1, 8, 2, 2, 5, 10000.0, False),
    "gqa-q4-kv2": (2, 16, 4, 2, 6, 0.0, False),
    "mqa-q4-kv1": (3, 16, 4, 1, 5, 0.0, False),
    "rope-gqa-causal": (4, 16, 4, 2, 7, 10000.0, True),
    "rope-theta100-mqa": (5, 12, 3, 1, 6, 100.0, False),
}


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def rope(x, theta):
    """x [heads, n, d_k]: Hugging Face's apply_rotary_pos_emb with rotate_half."""
    d_k = x.shape[-1]
    inv_freq = 1.0 / (theta ** (torch.arange(0, d_k, 2, dtype=torch.float64) / d_k))  # [d_k/2]
    pos = torch.arange(x.shape[1], dtype=torch.float64)
    freqs = torch.outer(pos, inv_freq)  # [n, d_k/2]
    emb = torch.cat((freqs, freqs), dim=-1)  # [n, d_k]
    return x * emb.cos() + rotate_half(x) * emb.sin()


def repeat_kv(x, groups):
    """[h_kv, n, d] -> [h_kv·groups, n, d]: key/value head j serves query heads j·groups … (j+1)·groups − 1."""
    return x.repeat_interleave(groups, dim=0)


def run_case(seed, d, h, kv, n, theta, causal):
    gen = torch.Generator().manual_seed(seed)
    d_k = d // h
    f32 = lambda *shape, scale=1.0: (torch.randn(*shape, generator=gen) * scale).float()  # noqa: E731
    X = f32(n, d)
    W_Q, W_K = f32(d, h * d_k, scale=d**-0.5), f32(d, kv * d_k, scale=d**-0.5)
    W_V, W_O = f32(d, kv * d_k, scale=d**-0.5), f32(h * d_k, d, scale=(h * d_k) ** -0.5)
    x, wq, wk, wv, wo = (t.double() for t in (X, W_Q, W_K, W_V, W_O))
    Q = (x @ wq).view(n, h, d_k).transpose(0, 1)  # [h, n, d_k]
    K = (x @ wk).view(n, kv, d_k).transpose(0, 1)  # [h_kv, n, d_k]
    V = (x @ wv).view(n, kv, d_k).transpose(0, 1)
    if theta:
        Q, K = rope(Q, theta), rope(K, theta)
    S = Q @ repeat_kv(K, h // kv).transpose(1, 2) / d_k**0.5  # [h, n, n]
    if causal:
        S = S.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), float("-inf"))
    A = torch.softmax(S, dim=-1)
    C = A @ repeat_kv(V, h // kv)  # [h, n, d_k]
    Y = C.transpose(0, 1).reshape(n, h * d_k) @ wo
    tensors = {
        "X": X,
        "W_Q": W_Q,
        "W_K": W_K,
        "W_V": W_V,
        "W_O": W_O,
        "expected.attn_weights": A,
        "expected.output": Y,
    }
    if theta:
        tensors["expected.q_rot"] = Q
        tensors["expected.k_rot"] = K
    meta = {"heads": h, "kv_heads": kv, "d_model": d, "rope_theta": repr(theta), "causal": str(causal).lower()}
    return {k: (v.float().numpy(), "F32") for k, v in tensors.items()}, meta


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    print(f"torch {torch.__version__}, writing {OUT_DIR}")
    for name, params in CASES.items():
        tensors, meta = run_case(*params)
        path = os.path.join(OUT_DIR, name + ".safetensors")
        safetensors_io.write(path, tensors, meta)
        print(f"  {name:20s} {os.path.getsize(path):6d} B  {meta}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
