#!/usr/bin/env python3
"""Tiny random Llama-family checkpoints (tests/data/hf/{llama,qwen2,qwen3,mistral}-tiny*)
and what a forward pass written from the equations in torch float64 says
about them: every block's attention weights, the last hidden states and the
next-token logits of each case.

    /usr/bin/python3 tests/reference/make_llama_cases.py           # -> tests/data/hf/
    /usr/bin/python3 tests/reference/make_llama_cases.py --qwen2-0.5b OUT_DIR   # the benchmark's checkpoint

Needs Debian's python3-torch and python3-numpy, and for the token ids node
with the pinned tokenizer peers of tests/peers (npm ci there): the ids of
each case are Hugging Face tokenizers' (as transformers.js ports them, run by
tests/reference/hf_tokenize.mjs) on the tiny tokenizer.json of
tests/data/hf-tokenizers/, never ours. The C++ tests then need neither.

What each folder exercises (the config keys as transformers writes them):
  llama-tiny         llama: grouped-query attention (4 query heads, 2 key/value heads),
                     an untied lm_head, rope_scaling llama3, Llama 3's byte-level tokenizer (BOS added), F32
  qwen2-tiny-bf16    qwen2: q/k/v biases, tied embeddings (no lm_head.weight), θ = 1e6,
                     Qwen2's tokenizer, BF16 (kept BF16 in memory by the loader)
  qwen3-tiny-sharded qwen3: q/k norm, head_dim 16 given explicitly (4 × 16 ≠ hidden 32),
                     two shards and their index, Qwen2's tokenizer, F32
  mistral-tiny-f16   mistral: multi-query attention (1 key/value head), a sliding window of
                     4 tokens, shorter than the texts, Llama 2's Metaspace tokenizer (<s>), F16

The forward (shapes: n tokens, d hidden, h heads, h_kv key/value heads, d_k head_dim):
  h = E[ids]; per block: a = RMSNorm(h)·γ₁; Q = a·W_qᵀ + b_q, K, V likewise;
  per query head i, j = i // (h / h_kv): (Qwen3: RMSNorm each head's q and k), RoPE with
  rotate_half, S = Q_i·K_jᵀ/√d_k + causal (+ window) mask, A = softmax(S), C_i = A·V_j;
  h += [C_0|…]·W_oᵀ (+ b_o); m = RMSNorm(h)·γ₂; h += (silu(m·W_gᵀ) ⊙ m·W_uᵀ)·W_dᵀ;
  H = RMSNorm(h)·γ_f; logits = H[n−1]·W_lmᵀ.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HF = os.path.join(ROOT, "tests", "data", "hf")
TOKENIZERS = os.path.join(ROOT, "tests", "data", "hf-tokenizers")
FORMAT = "mha-explain llama-family expectations 1"

TEXTS = {
    "en": "The cat sat on the mat, and then it slept.",
    "zh": "我喜欢吃芝士薯条。",
    "mixed": "Qwen 说：attention is all you need!",
}


# ----------------------------------------------------------------------
# Weights
# ----------------------------------------------------------------------


def draw(cfg, seed, bias_scale=0.1):
    """Random weights in Hugging Face's names (without the "model." prefix
    of the decoder body; lm_head.weight as it is). N(0, 0.2²) matrices keep
    the tiny model's attention far from uniform; norms near 1."""
    g = torch.Generator().manual_seed(seed)
    d, ff, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    h, hkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    dk = cfg.get("head_dim") or d // h

    def mat(*shape, std=0.2):
        return torch.randn(*shape, generator=g, dtype=torch.float32) * std

    def gamma(n):
        return 1.0 + 0.1 * torch.randn(n, generator=g, dtype=torch.float32)

    w = {"embed_tokens.weight": mat(V, d, std=1.0), "norm.weight": gamma(d)}
    for l in range(cfg["num_hidden_layers"]):
        p = f"layers.{l}."
        w[p + "input_layernorm.weight"] = gamma(d)
        w[p + "post_attention_layernorm.weight"] = gamma(d)
        w[p + "self_attn.q_proj.weight"] = mat(h * dk, d)
        w[p + "self_attn.k_proj.weight"] = mat(hkv * dk, d)
        w[p + "self_attn.v_proj.weight"] = mat(hkv * dk, d)
        w[p + "self_attn.o_proj.weight"] = mat(d, h * dk)
        if cfg["_qkv_bias"]:
            w[p + "self_attn.q_proj.bias"] = mat(h * dk, std=bias_scale)
            w[p + "self_attn.k_proj.bias"] = mat(hkv * dk, std=bias_scale)
            w[p + "self_attn.v_proj.bias"] = mat(hkv * dk, std=bias_scale)
        if cfg["model_type"] == "qwen3":
            w[p + "self_attn.q_norm.weight"] = gamma(dk)
            w[p + "self_attn.k_norm.weight"] = gamma(dk)
        w[p + "mlp.gate_proj.weight"] = mat(ff, d)
        w[p + "mlp.up_proj.weight"] = mat(ff, d)
        w[p + "mlp.down_proj.weight"] = mat(d, ff)
    if not cfg.get("tie_word_embeddings", False):
        w["lm_head.weight"] = mat(V, d)
    return w


def stored_name(name):
    return name if name == "lm_head.weight" else "model." + name


def rounded(weights, dtype):
    """What the file keeps: each tensor rounded to dtype, back in float32."""
    return {n: torch.from_numpy(safetensors_io.round_to(t.numpy(), dtype)) for n, t in weights.items()}


# ----------------------------------------------------------------------
# The forward pass, from the equations, in float64
# ----------------------------------------------------------------------


def rms_norm(x, gamma, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * gamma


def rope_frequencies(cfg):
    dk = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    theta = cfg.get("rope_theta", 10000.0)
    omega = [theta ** (-2.0 * j / dk) for j in range(dk // 2)]
    s = cfg.get("rope_scaling")
    if s and s.get("rope_type", s.get("type")) == "llama3":
        factor, lo, hi = s["factor"], s["low_freq_factor"], s["high_freq_factor"]
        old = s["original_max_position_embeddings"]
        out = []
        for w in omega:
            wavelength = 2 * math.pi / w
            if wavelength > old / lo:
                out.append(w / factor)
            elif wavelength < old / hi:
                out.append(w)
            else:
                smooth = (old / wavelength - lo) / (hi - lo)
                out.append((1 - smooth) * w / factor + smooth * w)
        omega = out
    elif s and s.get("rope_type", s.get("type")) == "linear":
        omega = [w / s["factor"] for w in omega]
    return torch.tensor(omega, dtype=torch.float64)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def rope(x, omega):
    """x [n, d_k]: row t turned by t·ω_j in each pair (j, j + d_k/2)."""
    t = torch.arange(x.shape[0], dtype=torch.float64)
    angle = t[:, None] * omega[None, :]  # [n, d_k/2]
    cos = torch.cat([angle.cos(), angle.cos()], dim=-1)
    sin = torch.cat([angle.sin(), angle.sin()], dim=-1)
    return x * cos + rotate_half(x) * sin


def windows(cfg):
    L = cfg["num_hidden_layers"]
    w = cfg.get("sliding_window")
    if cfg["model_type"] == "mistral" and w:
        return [w] * L
    if cfg["model_type"] in ("qwen2", "qwen3") and cfg.get("use_sliding_window") and w:
        return [w if l >= cfg.get("max_window_layers", L) else 0 for l in range(L)]
    return [0] * L


def forward(w, cfg, ids):
    d, h, hkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    dk = cfg.get("head_dim") or d // h
    eps = cfg["rms_norm_eps"]
    omega = rope_frequencies(cfg)
    n = len(ids)
    x = w["embed_tokens.weight"][torch.tensor(ids)]
    attentions = []
    for l, window in enumerate(windows(cfg)):
        p = f"layers.{l}."
        a = rms_norm(x, w[p + "input_layernorm.weight"], eps)

        def proj(name):
            y = a @ w[p + name + ".weight"].T
            return y + w[p + name + ".bias"] if p + name + ".bias" in w else y

        q, k, v = proj("self_attn.q_proj"), proj("self_attn.k_proj"), proj("self_attn.v_proj")
        qi_all, ctx, maps = [], [], []
        allowed = torch.ones(n, n, dtype=torch.bool).tril()
        if window:
            qpos, kpos = torch.arange(n)[:, None], torch.arange(n)[None, :]
            allowed &= (qpos - kpos) < window
        for i in range(h):
            j = i // (h // hkv)
            qi, kj, vj = q[:, i * dk:(i + 1) * dk], k[:, j * dk:(j + 1) * dk], v[:, j * dk:(j + 1) * dk]
            if cfg["model_type"] == "qwen3":
                qi = rms_norm(qi, w[p + "self_attn.q_norm.weight"], eps)
                kj = rms_norm(kj, w[p + "self_attn.k_norm.weight"], eps)
            s = rope(qi, omega) @ rope(kj, omega).T / math.sqrt(dk)
            s = s.masked_fill(~allowed, float("-inf"))
            A = torch.softmax(s, dim=-1)
            maps.append(A)
            ctx.append(A @ vj)
        attentions.append(torch.stack(maps))
        y = torch.cat(ctx, dim=-1) @ w[p + "self_attn.o_proj.weight"].T
        if p + "self_attn.o_proj.bias" in w:
            y = y + w[p + "self_attn.o_proj.bias"]
        x = x + y
        m = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = m @ w[p + "mlp.gate_proj.weight"].T
        up = m @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    H = rms_norm(x, w["norm.weight"], eps)
    lm = w["lm_head.weight"] if "lm_head.weight" in w else w["embed_tokens.weight"]
    return {"attentions": torch.stack(attentions), "last_hidden_state": H, "next_token_logits": H[-1] @ lm.T}


# ----------------------------------------------------------------------
# Folders
# ----------------------------------------------------------------------


def config(model_type, torch_dtype, **keys):
    c = {
        "architectures": [{"llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM", "qwen2": "Qwen2ForCausalLM",
                           "qwen3": "Qwen3ForCausalLM"}[model_type]],
        "model_type": model_type,
        "hidden_size": 32,
        "intermediate_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 64,
        "rms_norm_eps": 1e-6,
        "rope_theta": 10000.0,
        "hidden_act": "silu",
        "vocab_size": 640,
        "tie_word_embeddings": False,
        "torch_dtype": torch_dtype,
        "transformers_version": "4.46.0",
    }
    c.update(keys)
    return c


FOLDERS = [
    ("llama-tiny", "llama3", "F32", config(
        "llama", "float32", attention_bias=False, mlp_bias=False, rope_theta=500000.0,
        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                      "original_max_position_embeddings": 64})),
    ("qwen2-tiny-bf16", "qwen2", "BF16", config(
        "qwen2", "bfloat16", rope_theta=1000000.0, tie_word_embeddings=True, use_sliding_window=False,
        sliding_window=4096, max_window_layers=2)),
    ("qwen3-tiny-sharded", "qwen2", "F32", config(
        "qwen3", "float32", head_dim=16, attention_bias=False, rope_theta=1000000.0, use_sliding_window=False,
        sliding_window=None, max_window_layers=2)),
    ("mistral-tiny-f16", "llama2", "F16", config(
        "mistral", "float16", num_key_value_heads=1, sliding_window=4)),
]


def peer_ids(tokenizer_dir, texts):
    """Token ids from Hugging Face's tokenizers as transformers.js ports them."""
    sentences = os.path.join(os.environ.get("TMPDIR", "/tmp"), "mha-llama-cases.txt")
    with open(sentences, "w", encoding="utf-8") as f:
        f.write("\n".join(texts) + "\n")
    out = subprocess.run(["node", os.path.join(ROOT, "tests", "reference", "hf_tokenize.mjs"), tokenizer_dir, sentences],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def make_folder(name, tokenizer, dtype, cfg, seed):
    folder = os.path.join(HF, name)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    cfg = dict(cfg)
    write_json(os.path.join(folder, "config.json"), cfg)
    cfg["_qkv_bias"] = cfg["model_type"] == "qwen2" or (cfg["model_type"] != "mistral" and cfg.get("attention_bias"))
    src = os.path.join(TOKENIZERS, tokenizer)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(src, f), os.path.join(folder, f))

    weights = rounded(draw(cfg, seed), dtype)
    tensors = {stored_name(n): (t.numpy(), dtype) for n, t in weights.items()}
    meta = {"format": "pt"}
    if name.endswith("-sharded"):
        first = {n for n in tensors if ".layers.1." not in n and n != "lm_head.weight"}
        safetensors_io.write_sharded(folder, tensors, first, meta, write_json)
    else:
        safetensors_io.write(os.path.join(folder, "model.safetensors"), tensors, meta)

    texts = list(TEXTS.values())
    ids = peer_ids(folder, texts)
    w64 = {n: t.double() for n, t in weights.items()}
    expected, cases = {}, []
    for j, (text, case_ids) in enumerate(zip(texts, ids)):
        out = forward(w64, cfg, case_ids)
        expected[f"case{j}.input_ids"] = (np.array(case_ids, dtype=np.float32), "F32")
        for key, value in out.items():
            expected[f"case{j}.{key}"] = (value.numpy().astype(np.float32), "F32")
        cases.append({"text": text, "ids": case_ids, "pair": None})
    safetensors_io.write(os.path.join(folder, "expected.safetensors"), expected, {
        "format": FORMAT, "model_type": cfg["model_type"], "cases": json.dumps(cases, ensure_ascii=False),
        "num_cases": len(cases), "torch_version": torch.__version__, "generator": "tests/reference/make_llama_cases.py",
        "compute": "float64 torch from the stored (rounded) weights, stored as F32",
        "input_ids": "Hugging Face tokenizers (transformers.js, tests/peers) on the folder's tokenizer.json"})
    print(f"{name}: {len(cases)} cases, tokens {[len(i) for i in ids]}")


def make_qwen2_05b(out):
    """A Qwen2.5-0.5B-shaped checkpoint with random BF16 weights (988 MB), for
    bench/llama_vs_torch.sh: 24 blocks, 14 query / 2 key-value heads, width 896,
    d_ff 4864, vocabulary 151 936, tied embeddings, q/k/v biases."""
    cfg = config("qwen2", "bfloat16", hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                 num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768, vocab_size=151936,
                 rope_theta=1000000.0, tie_word_embeddings=True, use_sliding_window=False, sliding_window=32768,
                 max_window_layers=21)
    os.makedirs(out, exist_ok=True)
    write_json(os.path.join(out, "config.json"), cfg)
    cfg["_qkv_bias"] = True
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(TOKENIZERS, "qwen2", f), os.path.join(out, f))
    weights = draw(cfg, 7)
    weights = {n: t * 0.15 if t.dim() == 2 and n != "embed_tokens.weight" else t for n, t in weights.items()}
    safetensors_io.write(os.path.join(out, "model.safetensors"),
                         {stored_name(n): (t.numpy(), "BF16") for n, t in weights.items()}, {"format": "pt"})
    print(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qwen2-0.5b", dest="qwen2", metavar="OUT_DIR")
    args = ap.parse_args()
    torch.manual_seed(0)
    if args.qwen2:
        make_qwen2_05b(args.qwen2)
        return
    for k, (name, tokenizer, dtype, cfg) in enumerate(FOLDERS):
        make_folder(name, tokenizer, dtype, cfg, 100 + k)


if __name__ == "__main__":
    main()
