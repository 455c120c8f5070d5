#!/usr/bin/python3
"""Write PyTorch reference cases for multi-head attention as safetensors files.

Each case draws inputs and weights from its own seed, runs
torch.nn.MultiheadAttention (eval mode, dropout 0, batch_first, batch 1,
need_weights=True, average_attn_weights=False) and stores inputs, weights
(under the module's own state_dict names) and torch's outputs in
tests/reference/torch_cases/<case>.safetensors, so the C++ tests can compare
against torch without torch. torch_cases/README.md describes the files.

    python3 tests/reference/make_torch_cases.py      # Debian's python3-torch

Then every file is read back with safetensors_io.read and the attention is
recomputed in float64 with NumPy from the stored tensors alone; the largest
|difference| against torch's numbers is printed and the script exits 1 if it
exceeds SELF_CHECK_TOLERANCE. Running the script twice writes byte-identical
files (one torch thread, fixed seeds, sorted names).
"""
import math
import os
import sys
from dataclasses import dataclass, field

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_cases")
SELF_CHECK_TOLERANCE = 1e-5
SIZE_BUDGET = 6_000_000  # bytes, all files together
MODULE = "torch.nn.MultiheadAttention"


@dataclass
class Case:
    seed: int
    embed_dim: int
    num_heads: int
    seq_q: int
    seq_kv: int = 0  # 0: self-attention, key = value = query
    kdim: int = 0  # 0: embed_dim
    vdim: int = 0
    bias: bool = True
    causal: str = ""  # "", "float" (-inf above the diagonal) or "bool" (True above)
    padded: list = field(default_factory=list)  # key indices marked as padding
    dtype_weights: str = "F32"
    note: str = ""

    def __post_init__(self):
        self.kind = "cross" if self.seq_kv else "self"
        self.seq_kv = self.seq_kv or self.seq_q
        self.kdim = self.kdim or self.embed_dim
        self.vdim = self.vdim or self.embed_dim
        if self.causal:
            assert self.seq_q == self.seq_kv, "causal only for L == S"

    def fully_masked_rows(self):
        """Query rows that may attend to no key (torch gives NaN there)."""
        return [
            i
            for i in range(self.seq_q)
            if all(j in self.padded or (self.causal and j > i) for j in range(self.seq_kv))
        ]

    @property
    def name(self):
        parts = [self.kind, f"e{self.embed_dim}"]
        if (self.kdim, self.vdim) != (self.embed_dim, self.embed_dim):
            parts += [f"k{self.kdim}", f"v{self.vdim}"]
        parts.append(f"h{self.num_heads}")
        if self.kind == "self":
            parts.append(f"n{self.seq_q}")
        else:
            parts += [f"q{self.seq_q}", f"s{self.seq_kv}"]
        if self.causal:
            parts.append("causal")
        if self.padded:
            parts.append("pad")
        if self.fully_masked_rows():
            parts.append("fullmask")
        parts.append("bias" if self.bias else "nobias")
        if self.dtype_weights != "F32":
            parts.append(self.dtype_weights.lower())
        return "_".join(parts)


CASES = [
    # self-attention, growing sizes
    Case(101, 4, 1, 1, note="a single token: every weight row is 1"),
    Case(102, 4, 2, 2),
    Case(103, 8, 2, 5),
    Case(104, 8, 2, 5, bias=False),
    Case(105, 12, 3, 5, causal="float"),
    Case(106, 16, 4, 17),
    Case(107, 16, 4, 17, bias=False, causal="bool"),
    Case(108, 16, 4, 17, padded=[3, 9, 16]),
    Case(109, 16, 4, 17, causal="float", padded=[2, 5, 11]),
    Case(
        110,
        8,
        2,
        5,
        causal="bool",
        padded=[0, 1, 3],
        note="causal with keys 0,1,3 padded: query rows 0,1 see no key, torch gives NaN there",
    ),
    Case(111, 64, 8, 64),
    Case(112, 64, 8, 17, causal="float", padded=[1, 7, 16]),
    Case(113, 32, 4, 17, causal="float", dtype_weights="BF16"),
    Case(114, 256, 4, 17, padded=[4, 16], dtype_weights="F16"),
    Case(115, 768, 12, 8, dtype_weights="F16", note="the benchmark's width"),
    # cross-attention: queries and keys from different sequences
    Case(201, 8, 2, 3, 5, note="kdim == vdim == embed_dim: packed in_proj_weight"),
    Case(202, 8, 2, 3, 5, padded=[1, 4]),
    Case(203, 8, 2, 3, 5, kdim=6, vdim=10),
    Case(204, 8, 2, 3, 5, kdim=6, vdim=10, bias=False),
    Case(205, 12, 3, 17, 2, vdim=7, note="kdim == embed_dim but vdim differs: separate projections"),
    Case(206, 16, 4, 5, 17, kdim=12, vdim=20, padded=[0, 8, 9, 10]),
    Case(207, 4, 1, 2, 1, kdim=3, vdim=5, note="a single key: every weight is 1"),
    Case(208, 64, 8, 2, 64, kdim=32, vdim=48, bias=False, padded=[5, 6, 40]),
]


def draw_weights(module, gen, dtype_weights):
    """Random weights under the module's own state_dict names, rounded to
    what dtype_weights keeps, and loaded back into the module so torch
    computes with exactly the stored values. Matrices ~ N(0, 1/fan_in),
    biases ~ N(0, 0.1^2)."""
    weights = {}
    for name, param in module.state_dict().items():
        shape = tuple(param.shape)
        if name.endswith("bias"):
            value = torch.randn(shape, generator=gen) * 0.1
        else:
            value = torch.randn(shape, generator=gen) / math.sqrt(shape[1])
        weights[name] = torch.from_numpy(safetensors_io.round_to(value.numpy(), dtype_weights))
    module.load_state_dict(weights)
    return weights


def torch_masks(case):
    attn_mask = None
    if case.causal:
        above = torch.ones(case.seq_q, case.seq_kv, dtype=torch.bool).triu(1)
        if case.causal == "bool":
            attn_mask = above
        else:
            attn_mask = torch.zeros(case.seq_q, case.seq_kv).masked_fill(above, float("-inf"))
    key_padding_mask = None
    if case.padded:
        key_padding_mask = torch.zeros(1, case.seq_kv, dtype=torch.bool)
        key_padding_mask[0, case.padded] = True
    return attn_mask, key_padding_mask


def run_case(case):
    """-> (tensors {name: (array, dtype)}, metadata) for one case."""
    gen = torch.Generator().manual_seed(case.seed)
    module = torch.nn.MultiheadAttention(
        case.embed_dim,
        case.num_heads,
        dropout=0.0,
        bias=case.bias,
        kdim=case.kdim,
        vdim=case.vdim,
        batch_first=True,
    ).eval()
    query = torch.randn(case.seq_q, case.embed_dim, generator=gen)
    if case.kind == "self":
        key = value = query
    else:
        key = torch.randn(case.seq_kv, case.kdim, generator=gen)
        value = torch.randn(case.seq_kv, case.vdim, generator=gen)
    weights = draw_weights(module, gen, case.dtype_weights)
    attn_mask, key_padding_mask = torch_masks(case)
    with torch.no_grad():
        output, attn_weights = module(
            query[None],
            key[None],
            value[None],
            key_padding_mask=key_padding_mask,
            attn_mask=attn_mask,
            need_weights=True,
            average_attn_weights=False,
        )
    f32 = lambda t: (t.numpy().astype(np.float32), "F32")  # noqa: E731
    tensors = {"query": f32(query), "key": f32(key), "value": f32(value)}
    tensors.update({n: (w.numpy(), case.dtype_weights) for n, w in weights.items()})
    if key_padding_mask is not None:
        tensors["key_padding_mask"] = f32(key_padding_mask[0].float())
    tensors["expected.attn_weights"] = f32(attn_weights[0])
    tensors["expected.output"] = f32(output[0])

    nan_rows = sorted(set(np.nonzero(np.isnan(output[0].numpy()))[0].tolist()))
    assert nan_rows == case.fully_masked_rows(), (case.name, nan_rows)
    metadata = {
        "torch_version": torch.__version__,
        "module": MODULE,
        "kind": case.kind,
        "embed_dim": case.embed_dim,
        "num_heads": case.num_heads,
        "kdim": case.kdim,
        "vdim": case.vdim,
        "bias": str(case.bias).lower(),
        "causal": "true" if case.causal else "false",
        "seq_q": case.seq_q,
        "seq_kv": case.seq_kv,
        "seed": case.seed,
        "dtype_weights": case.dtype_weights,
    }
    notes = [case.note] if case.note else []
    if case.causal:
        notes.append(f"torch called with a {case.causal} causal attn_mask [L, S]")
    if case.padded:
        notes.append("padded keys " + ",".join(map(str, case.padded)))
    if nan_rows:
        metadata["fully_masked_rows"] = ",".join(map(str, nan_rows))
    if notes:
        metadata["note"] = "; ".join(notes)
    return tensors, metadata


# ---- self-check: float64 recomputation from the stored tensors alone ----


def projections(t, meta):
    """(W_q, W_k, W_v, b_q, b_k, b_v) from the stored PyTorch names."""
    e = int(meta["embed_dim"])
    if "in_proj_weight" in t:
        w = t["in_proj_weight"]
        ws = (w[:e], w[e : 2 * e], w[2 * e :])
    else:
        ws = (t["q_proj_weight"], t["k_proj_weight"], t["v_proj_weight"])
    b = t.get("in_proj_bias", np.zeros(3 * e))
    return ws + (b[:e], b[e : 2 * e], b[2 * e :])


def recompute(t, meta):
    """-> (attn_weights [h, L, S], output [L, E]) in float64; fully masked
    rows come out NaN like torch's."""
    t = {k: v.astype(np.float64) for k, v in t.items()}
    e, h = int(meta["embed_dim"]), int(meta["num_heads"])
    seq_q, seq_kv = int(meta["seq_q"]), int(meta["seq_kv"])
    wq, wk, wv, bq, bk, bv = projections(t, meta)
    q = t["query"] @ wq.T + bq
    k = t["key"] @ wk.T + bk
    v = t["value"] @ wv.T + bv
    masked = np.zeros((seq_q, seq_kv), dtype=bool)
    if meta["causal"] == "true":
        masked |= np.triu(np.ones((seq_q, seq_kv), dtype=bool), 1)
    if "key_padding_mask" in t:
        masked |= t["key_padding_mask"][None, :] != 0
    d = e // h
    weights = np.empty((h, seq_q, seq_kv))
    context = np.empty((seq_q, e))
    for head in range(h):
        cols = slice(head * d, (head + 1) * d)
        scores = q[:, cols] @ k[:, cols].T / math.sqrt(d)
        scores[masked] = -np.inf
        with np.errstate(invalid="ignore"):
            p = np.exp(scores - scores.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
        weights[head] = p
        context[:, cols] = p @ v[:, cols]
    output = context @ t["out_proj.weight"].T + t.get("out_proj.bias", 0.0)
    return weights, output


def self_check(path):
    """Max |torch - float64 recomputation| over rows that see a key."""
    t, _, meta = safetensors_io.read(path)
    weights, output = recompute(t, meta)
    full = [int(r) for r in meta.get("fully_masked_rows", "").split(",") if r]
    keep = np.setdiff1d(np.arange(int(meta["seq_q"])), full)
    for name in ("expected.output", "expected.attn_weights"):
        # query rows are the second-to-last axis of both; NaN exactly there
        nan = np.isnan(t[name]).reshape(-1, int(meta["seq_q"]), t[name].shape[-1])
        assert np.nonzero(nan.any(axis=(0, 2)))[0].tolist() == full, (path, name)
        assert nan[:, full].all(), (path, name)
    return max(
        np.abs(weights[:, keep] - t["expected.attn_weights"][:, keep]).max(),
        np.abs(output[keep] - t["expected.output"][keep]).max(),
    )


def check_rounding():
    """Our F16 and BF16 rounding against torch's own conversions, on random
    values plus exact ties, subnormals, overflow and signed zeros."""
    gen = torch.Generator().manual_seed(7)
    x = torch.cat(
        [
            torch.randn(100000, generator=gen) * 10.0 ** torch.randint(-8, 8, (100000,), generator=gen),
            torch.tensor([1 + 2**-8, 1 + 3 * 2**-8, -(1 + 2**-8), 3.3895e38, 1e-40, -0.0, 0.0, 65520.0]),
        ]
    )
    ours = safetensors_io.bf16_bits(x.numpy())
    theirs = x.to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
    assert (ours == theirs).all(), "BF16 rounding differs from torch.bfloat16"
    ours = safetensors_io.round_to(x.numpy(), "F16")
    theirs = x.half().float().numpy()
    assert (ours.view(np.uint32) == theirs.view(np.uint32)).all(), "F16 rounding differs from torch.half"
    print(f"F16 and BF16 rounding equal torch's on {x.numel()} values")


def main():
    check_rounding()
    torch.set_num_threads(1)  # one summation order, so reruns are byte-identical
    os.makedirs(OUT_DIR, exist_ok=True)
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names), "case names must differ"
    print(f"torch {torch.__version__}, numpy {np.__version__}, writing {OUT_DIR}")
    for stale in sorted(set(os.listdir(OUT_DIR)) - {n + ".safetensors" for n in names}):
        if stale.endswith(".safetensors"):  # a case no longer in CASES
            os.remove(os.path.join(OUT_DIR, stale))
            print(f"  removed {stale}")
    total = 0
    worst = 0.0
    for case in CASES:
        path = os.path.join(OUT_DIR, case.name + ".safetensors")
        tensors, metadata = run_case(case)
        safetensors_io.write(path, tensors, metadata)
        size = os.path.getsize(path)
        total += size
        delta = self_check(path)
        worst = max(worst, delta)
        out = tensors["expected.output"][0]
        nan = metadata.get("fully_masked_rows")
        print(
            f"  {case.name:44s} {size:9d} B  max|out| {np.nanmax(np.abs(out)):8.4f}"
            f"  NaN {'rows ' + nan if nan else 'none':9s}  self-check max|d| {delta:.2e}"
        )
    print(f"{len(CASES)} cases, total {total} bytes ({total / 1e6:.2f} MB)")
    print(f"self-check (float64 NumPy from the stored tensors): max |d| = {worst:.3e}")
    ok = worst <= SELF_CHECK_TOLERANCE and total <= SIZE_BUDGET
    if not ok:
        print(f"FAIL: tolerance {SELF_CHECK_TOLERANCE}, size budget {SIZE_BUDGET} bytes")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
