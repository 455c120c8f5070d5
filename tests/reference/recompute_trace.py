#!/usr/bin/env python3
"""Recompute a mha-explain JSON trace from its tokens and parameters alone.

An outside reader's check, in plain Python (no NumPy, no mha code): every
step is recomputed in float64 from the trace's own inputs -- the embedding
rows, the positional-encoding formula of docs/trace.md, W_Q, W_K, W_V, W_O --
and compared with what the trace recorded. Prints the largest |difference|
per step and exits 1 if any exceeds the tolerance.

    python3 tests/reference/recompute_trace.py samples/seed/trace.json [...]

Tolerance: 1e-5 * (1 + |value|). The engine computes in float32, whose
relative precision is 6e-8; errors of a few ulps per multiply-add over
d_model terms stay far below this.
"""
import json
import math
import sys

TOLERANCE = 1e-5


def matmul(a, b):
    bt = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in bt] for row in a]


def columns(m, begin, end):
    return [row[begin:end] for row in m]


def transpose(m):
    return [list(col) for col in zip(*m)]


def softmax_rows(m):
    out = []
    for row in m:
        top = max(x for x in row if x is not None)
        e = [0.0 if x is None else math.exp(x - top) for x in row]
        s = sum(e)
        out.append([x / s for x in e])
    return out


def check(path):
    t = json.load(open(path, encoding="utf-8"))
    cfg = t["config"]
    d, h, dk = cfg["d_model"], cfg["heads"], cfg["d_k"]
    assert d == h * dk, f"{path}: d_model {d} != heads {h} * d_k {dk}"
    params = {p["name"]: p for p in t["parameters"]}
    steps = t["steps"]
    n = len(t["tokens"])

    # Recomputed tensors, keyed like the trace: (step, head, symbol).
    mine = {}
    emb = params["embedding"]
    row_of = {tok: row for tok, row in zip(emb["rows"], emb["values"])}
    E = [list(row_of[tok["text"]]) for tok in t["tokens"]]
    mine[("embed", None, "E")] = E
    if cfg["positional"] == "sinusoidal":
        P = [[0.0] * d for _ in range(n)]
        for pos in range(n):
            for i in range(0, d, 2):
                angle = pos / (10000 ** (i / d))
                P[pos][i] = math.sin(angle)
                if i + 1 < d:
                    P[pos][i + 1] = math.cos(angle)
        X = [[e + p for e, p in zip(er, pr)] for er, pr in zip(E, P)]
    else:
        X = E
    mine[("position", None, "X")] = X
    Q = matmul(X, params["W_Q"]["values"])
    K = matmul(X, params["W_K"]["values"])
    V = matmul(X, params["W_V"]["values"])
    mine[("project_q", None, "Q")] = Q
    mine[("project_k", None, "K")] = K
    mine[("project_v", None, "V")] = V
    contexts = []
    for i in range(h):
        lo, hi = i * dk, (i + 1) * dk
        Qi, Ki, Vi = columns(Q, lo, hi), columns(K, lo, hi), columns(V, lo, hi)
        mine[("split_heads", i, f"Q_{i}")] = Qi
        mine[("split_heads", i, f"K_{i}")] = Ki
        mine[("split_heads", i, f"V_{i}")] = Vi
        S = matmul(Qi, transpose(Ki))
        mine[("scores", i, f"S_{i}")] = S
        Sh = [[x / math.sqrt(dk) for x in row] for row in S]
        mine[("scale", i, f"Ŝ_{i}")] = Sh
        if cfg["causal"]:
            Sh = [[x if k <= q else None for k, x in enumerate(row)] for q, row in enumerate(Sh)]
            mine[("mask", i, f"Ŝ_{i} + M")] = Sh
        A = softmax_rows(Sh)
        mine[("softmax", i, f"A_{i}")] = A
        C = matmul(A, Vi)
        mine[("context", i, f"C_{i}")] = C
        contexts.append(C)
    Z = [sum((c[r] for c in contexts), []) for r in range(n)]
    mine[("concat", None, "Z")] = Z
    mine[("output", None, "Y")] = matmul(Z, params["W_O"]["values"])

    worst_overall = 0.0
    failed = False
    seen = set()
    for s in steps:
        key = (s["step"], s["head"], s["symbol"])
        if key not in mine:
            print(f"{path}: step {key} was not expected")
            failed = True
            continue
        seen.add(key)
        ref = mine[key]
        worst = 0.0
        for r, (row_t, row_m) in enumerate(zip(s["values"], ref)):
            for c, (a, b) in enumerate(zip(row_t, row_m)):
                if a is None or b is None:
                    if (a is None) != (b is None):
                        print(f"{path}: {key}[{r}][{c}]: trace {a}, recomputed {b}")
                        failed = True
                    continue
                diff = abs(a - b)
                worst = max(worst, diff)
                if diff > TOLERANCE * (1 + abs(b)):
                    failed = True
        worst_overall = max(worst_overall, worst)
        print(f"  {s['step']:<12} head {'-' if s['head'] is None else s['head']:<2} {s['symbol']:<8} "
              f"max |Δ| = {worst:.2e}")
    missing = set(mine) - seen
    if missing:
        print(f"{path}: steps missing from the trace: {sorted(missing, key=str)}")
        failed = True
    print(f"{path}: {len(seen)} tensors recomputed, largest |Δ| {worst_overall:.2e}: "
          f"{'FAIL' if failed else 'ok'} (tolerance {TOLERANCE:g}·(1 + |x|))")
    return not failed


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ok = all([check(p) for p in sys.argv[1:]])
    sys.exit(0 if ok else 1)
