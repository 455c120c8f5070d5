#!/usr/bin/env python3
"""Recompute a mha-explain JSON trace from its tokens and parameters alone.

An outside reader's check, in plain Python (no NumPy, no mha code): every
step is recomputed in float64 from the trace's own inputs -- the embedding
rows, the positional-encoding formula of docs/trace.md, W_Q, W_K, W_V, W_O
and the biases b_Q, b_K, b_V, b_O when present -- and compared with what the
trace recorded, numbers and row/column labels. Covered: d_k != d_v,
cross-attention (keys and values from the context's own embedding and
positions, at width kdim and vdim), the causal and the key-padding mask, and
fully masked rows (no key left: A row 0, so Y row = b_O). The positional
encodings stored as parameters are checked against the formula too.

A trace written with --steps holds only some step names; every step is still
recomputed, and those present are compared. A step name must be there
completely (every head, every symbol) or not at all.

Prints the largest |difference| per tensor and exits 1 if any exceeds the
tolerance.

    python3 tests/reference/recompute_trace.py samples/seed/trace.json [...]

Tolerance: 1e-5 * (1 + |value|). The engine computes in float32, whose
relative precision is 6e-8; errors of a few ulps per multiply-add over
d_model terms stay far below this.

A --model trace (schema 3) holds no weights, so nothing can be recomputed
from scratch; what the trace itself fixes is checked instead (check_model):
labels and shapes, every step in a captured block and head, softmax rows that
sum to 1 with zeros above the diagonal of a causal model, every captured
(block, head) present, rollout rows that sum to 1, predictions in order, and
head_stats recomputed from the softmax weights they describe (the role from
the head's own numbers and the thresholds of src/mha/model/analysis.hpp).

write_model_files() has tests/test_model_exports.cpp write model-shaped
exports for the other reference scripts.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import unicodedata

TOLERANCE = 1e-5


def matmul(a, b):
    bt = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in bt] for row in a]


def add_row(m, row):
    return [[x + y for x, y in zip(r, row)] for r in m]


def columns(m, begin, end):
    return [row[begin:end] for row in m]


def transpose(m):
    return [list(col) for col in zip(*m)]


def softmax_rows(m):
    """None is -infinity. A row with no finite entry has nothing to attend
    to: the engine gives every key weight 0 (docs/weights.md)."""
    out = []
    for row in m:
        finite = [x for x in row if x is not None]
        if not finite:
            out.append([0.0] * len(row))
            continue
        top = max(finite)
        e = [0.0 if x is None else math.exp(x - top) for x in row]
        s = sum(e)
        out.append([x / s for x in e])
    return out


def sinusoidal(n, width):
    P = [[0.0] * width for _ in range(n)]
    for pos in range(n):
        for i in range(0, width, 2):
            angle = pos / (10000 ** (i / width))
            P[pos][i] = math.sin(angle)
            if i + 1 < width:
                P[pos][i + 1] = math.cos(angle)
    return P


def labels(first, count):
    return [str(j) for j in range(first, first + count)]


class Recompute:
    """The tensors a trace should hold, keyed like the trace: (step, head,
    symbol) for steps, ("parameter", name) for the positional encodings;
    each with its values and row / column labels."""

    def __init__(self, t):
        self.t = t
        self.cfg = t["config"]
        self.params = {p["name"]: p for p in t["parameters"]}
        self.expected = {}
        self.problems = []

    def param(self, name, shape):
        p = self.params.get(name)
        if p is None:
            self.problems.append(f"parameter {name} is missing")
            return [[0.0] * shape[1] for _ in range(shape[0])]
        if p["shape"] != list(shape):
            self.problems.append(f"parameter {name} has shape {p['shape']}; expected {list(shape)}")
        return p["values"]

    def bias(self, name, width):
        """Row 0 of the [1, width] bias, or None without biases."""
        if not self.cfg["bias"]:
            if name in self.params:
                self.problems.append(f"parameter {name} is present but config.bias is false")
            return None
        return self.param(name, (1, width))[0]

    def project(self, X, W, b):
        out = matmul(X, W)
        return out if b is None else add_row(out, b)

    def record(self, key, values, rows, cols):
        self.expected[key] = (values, rows, cols)

    def embed(self, tokens, width, suffix):
        """embed and position for one token list: E and X, from the
        parameter embedding<suffix> and the sinusoidal formula."""
        table = self.params.get("embedding" + suffix)
        if table is None:
            self.problems.append(f"parameter embedding{suffix} is missing")
            return [[0.0] * width for _ in tokens]
        row_of = dict(zip(table["rows"], table["values"]))
        if table["shape"][1] != width:
            self.problems.append(f"embedding{suffix} is {table['shape'][1]} wide; expected {width}")
        E = [list(row_of[tok]) for tok in tokens]
        features = labels(0, width)
        self.record(("embed", None, "E" + suffix), E, tokens, features)
        X = E
        if self.cfg["positional"] == "sinusoidal":
            P = sinusoidal(len(tokens), width)
            self.record(("parameter", "positional_encoding" + suffix), P, labels(0, len(tokens)), features)
            X = [[e + p for e, p in zip(er, pr)] for er, pr in zip(E, P)]
        self.record(("position", None, "X" + suffix), X, tokens, features)
        return X

    def run(self):
        t, cfg = self.t, self.cfg
        d, h, dk, dv = cfg["d_model"], cfg["heads"], cfg["d_k"], cfg["d_v"]
        kdim, vdim = cfg["kdim"], cfg["vdim"]
        queries = [tok["text"] for tok in t["tokens"]]
        cross = t["context_text"] is not None
        keys = [tok["text"] for tok in t["context_tokens"]] if cross else queries
        n, m = len(queries), len(keys)

        X = self.embed(queries, d, "")
        if not cross:
            Xk = Xv = X
        elif kdim == vdim:
            Xk = Xv = self.embed(keys, kdim, "_ctx")
        else:
            Xk = self.embed(keys, kdim, "_ctx_k")
            Xv = self.embed(keys, vdim, "_ctx_v")

        hkv = cfg.get("kv_heads", h)  # grouped-query attention: key/value heads (written only when fewer)
        Q = self.project(X, self.param("W_Q", (d, h * dk)), self.bias("b_Q", h * dk))
        K = self.project(Xk, self.param("W_K", (kdim, hkv * dk)), self.bias("b_K", hkv * dk))
        V = self.project(Xv, self.param("W_V", (vdim, hkv * dv)), self.bias("b_V", hkv * dv))
        self.record(("project_q", None, "Q"), Q, queries, labels(0, h * dk))
        self.record(("project_k", None, "K"), K, keys, labels(0, hkv * dk))
        self.record(("project_v", None, "V"), V, keys, labels(0, hkv * dv))

        padding = t["key_padding"]
        if padding and len(padding) != m:
            self.problems.append(f"key_padding has {len(padding)} entries for {m} keys")
        causal = cfg["causal"]

        def masked(q, k):
            return (causal and k > q) or (k < len(padding) and padding[k])

        fully = [q for q in range(n) if all(masked(q, k) for k in range(m))]
        if t["fully_masked_rows"] != fully:
            self.problems.append(f"fully_masked_rows is {t['fully_masked_rows']}; expected {fully}")
        masking = causal or any(padding)

        contexts = []
        for i in range(h):
            j = i // (h // hkv)  # the key/value head query head i reads
            Qi, Ki, Vi = columns(Q, i * dk, (i + 1) * dk), columns(K, j * dk, (j + 1) * dk), columns(V, j * dv, (j + 1) * dv)
            self.record(("split_heads", i, f"Q_{i}"), Qi, queries, labels(i * dk, dk))
            self.record(("split_heads", i, f"K_{i}"), Ki, keys, labels(j * dk, dk))
            self.record(("split_heads", i, f"V_{i}"), Vi, keys, labels(j * dv, dv))
            if cfg["positional"] == "rope":  # pairs (c, c + dk/2) of row t turned by t·θ^(−2c/dk)
                Qi, Ki = rope(Qi, cfg["rope_theta"]), rope(Ki, cfg["rope_theta"])
                self.record(("rope", i, f"Q_rot_{i}"), Qi, queries, labels(i * dk, dk))
                self.record(("rope", i, f"K_rot_{i}"), Ki, keys, labels(j * dk, dk))
            S = matmul(Qi, transpose(Ki))
            self.record(("scores", i, f"S_{i}"), S, queries, keys)
            Sh = [[x / math.sqrt(dk) for x in row] for row in S]
            self.record(("scale", i, f"Ŝ_{i}"), Sh, queries, keys)
            if masking:
                Sh = [[None if masked(q, k) else x for k, x in enumerate(row)] for q, row in enumerate(Sh)]
                self.record(("mask", i, f"Ŝ_{i} + M"), Sh, queries, keys)
            A = softmax_rows(Sh)
            self.record(("softmax", i, f"A_{i}"), A, queries, keys)
            C = matmul(A, Vi)
            self.record(("context", i, f"C_{i}"), C, queries, labels(i * dv, dv))
            contexts.append(C)
        Z = [sum((c[r] for c in contexts), []) for r in range(n)]
        self.record(("concat", None, "Z"), Z, queries, labels(0, h * dv))
        Y = self.project(Z, self.param("W_O", (h * dv, d)), self.bias("b_O", d))
        self.record(("output", None, "Y"), Y, queries, labels(0, d))
        return self


def rope(M, theta):
    """x' = x·cos + rotate_half(x)·sin, row t at position t (Hugging Face's convention)."""
    half = len(M[0]) // 2
    out = []
    for t, row in enumerate(M):
        new = list(row)
        for c in range(half):
            angle = t * theta ** (-2 * c / len(row))
            x, y = row[c], row[c + half]
            new[c] = x * math.cos(angle) - y * math.sin(angle)
            new[c + half] = y * math.cos(angle) + x * math.sin(angle)
        out.append(new)
    return out


def compare(path, key, tensor, expected):
    """Largest |difference| and whether it (and the labels) pass."""
    values, rows, cols = expected
    ok = True
    if tensor["rows"] != rows or tensor["cols"] != cols:
        print(f"{path}: {key}: labels {tensor['rows']} x {tensor['cols']}; expected {rows} x {cols}")
        ok = False
    if len(tensor["values"]) != len(values) or any(len(a) != len(b) for a, b in zip(tensor["values"], values)):
        print(f"{path}: {key}: {len(tensor['values'])} rows; expected {len(values)}")
        return math.inf, False
    worst = 0.0
    for r, (row_t, row_m) in enumerate(zip(tensor["values"], values)):
        for c, (a, b) in enumerate(zip(row_t, row_m)):
            if a is None or b is None:
                if (a is None) != (b is None):
                    print(f"{path}: {key}[{r}][{c}]: trace {a}, recomputed {b}")
                    ok = False
                continue
            diff = abs(a - b)
            worst = max(worst, diff)
            if diff > TOLERANCE * (1 + abs(b)):
                ok = False
    return worst, ok


def close(a, b, tolerance=1e-4):
    return abs(a - b) <= tolerance * (1 + abs(b))


def is_punctuation(token):
    """analysis.hpp's is_punctuation_token: the readable text, white space (Zs)
    and C* left out, is not empty and all of Unicode's P* categories; a piece
    of a UTF-8 character never is."""
    if token.get("partial"):
        return False
    kept = [c for c in token.get("label", token["text"]) if not (unicodedata.category(c) == "Zs" or unicodedata.category(c)[0] == "C")]
    return bool(kept) and all(unicodedata.category(c)[0] == "P" for c in kept)


def head_stats_of(A, visible, separators, ids, punctuation):
    """HeadStats (src/mha/model/analysis.hpp) from one head's weights A [n, n];
    visible[q][k]: the mask lets query q see key k; separators: the [SEP]
    keys; ids: the tokens' ids; punctuation: the punctuation keys. The means
    are over the rows with a choice: two or more visible keys, and some
    weight; duplicate's over those of them with an earlier visible key of
    their own id."""
    rows = [q for q in range(len(A)) if sum(visible[q]) >= 2 and sum(A[q]) > 0]
    mean = lambda values: sum(values) / len(values) if values else 0.0
    earlier = {q: [k for k in range(q) if ids[k] == ids[q] and visible[q][k]] for q in rows}
    duplicates = [sum(A[q][k] for k in earlier[q]) for q in rows if earlier[q]]
    return {
        "duplicate": mean(duplicates),
        "duplicate_rows": len(duplicates),
        "punctuation": mean([sum(A[q][k] for k in punctuation) for q in rows]),
        "entropy": mean([-sum(a * math.log2(a) for a in A[q] if a > 0) for q in rows]),
        "max_entropy": mean([math.log2(sum(visible[q])) for q in rows]),
        "previous": mean([A[q][q - 1] for q in rows if q >= 1]),
        "self": mean([A[q][q] for q in rows]),
        "first": mean([A[q][0] for q in rows]),
        "separator": mean([sum(A[q][k] for k in separators) for q in rows]),
    }


def role_of(s):
    """analysis.hpp's role from a head's own (float32) numbers: the largest
    share of at least 1/2, the first listed on a tie; else broad within 10% of
    max_entropy; else mixed."""
    share, best = max((s[r], -i, r) for i, r in enumerate(["previous", "separator", "first", "self"]))[0::2]
    if share >= 0.5:
        return best
    return "broad" if s["max_entropy"] > 0 and s["entropy"] >= 0.9 * s["max_entropy"] else "mixed"


def check_model(path, t):
    """What a --model trace fixes by itself (it has no weights to recompute from)."""
    problems = []
    model, causal = t["model"], t["config"]["causal"]
    labels = [tok.get("label", tok["text"]) for tok in t["tokens"]]
    n = len(labels)
    padding = t["key_padding"] or [False] * n
    windows = model.get("sliding_windows") or []  # the Llama family: per block, 0 = full attention

    def visible_in(layer):  # visible[q][k]: the causal mask, padding and the block's sliding window let q see k
        w = windows[layer] if layer is not None and layer < len(windows) else 0
        return [[not (causal and k > q) and not padding[k] and not (w > 0 and q - k >= w) for k in range(n)]
                for q in range(n)]

    layers, heads = model["captured_layers"], model["captured_heads"]
    if model["token_types"] and len(model["token_types"]) != n:
        problems.append(f"token_types has {len(model['token_types'])} entries for {n} tokens")

    def rows_sum_to_one(where, values, visible):
        for q, row in enumerate(values):
            if any(x is None or x < 0 for x in row) or not close(sum(row), 1.0 if any(visible[q]) else 0.0, 1e-5):
                problems.append(f"{where}: row {q} is {row}; expected weights >= 0 that sum to 1")
            elif any(x != 0 for x, seen in zip(row, visible[q]) if not seen):
                problems.append(f"{where}: row {q} gives weight to a masked key: {row}")

    softmax = {}
    for s in t["steps"]:
        where = f"{s['step']} layer {s['layer']} head {s['head']} ({s['symbol']})"
        if s["layer"] is not None and s["layer"] not in layers:
            problems.append(f"{where}: block {s['layer']} is not in captured_layers {layers}")
        if s["head"] is not None and s["head"] not in heads:
            problems.append(f"{where}: head {s['head']} is not in captured_heads {heads}")
        if s["rows"] != labels or len(s["values"]) != n:
            problems.append(f"{where}: rows {s['rows']}; expected the {n} tokens {labels}")
        if s["step"] in ("scores", "scale", "mask", "softmax") and (s["cols"] != labels or s["shape"] != [n, n]):
            problems.append(f"{where}: shape {s['shape']}, cols {s['cols']}; expected [{n}, {n}] over the tokens")
        visible = visible_in(s["layer"])
        if s["step"] == "mask":
            for q, row in enumerate(s["values"]):
                if [x is not None for x in row] != visible[q]:
                    problems.append(f"{where}: row {q} masks {[x is None for x in row]}; expected the causal mask"
                                    " (and the block's sliding window)")
        if s["step"] == "softmax":
            rows_sum_to_one(where, s["values"], visible)
            softmax[(s["layer"], s["head"])] = s["values"]
    missing = [(l, h) for l in layers for h in heads if (l, h) not in softmax]
    if softmax and missing:
        problems.append(f"softmax is missing for the captured (block, head) pairs {missing}")

    rollout = t["rollout"]
    if rollout is not None:
        if rollout["shape"] != [n, n] or rollout["rows"] != labels or rollout["cols"] != labels:
            problems.append(f"rollout has shape {rollout['shape']}; expected [{n}, {n}] over the tokens")
        else:
            rows_sum_to_one("rollout", rollout["values"], visible_in(None))  # windows compose: causal only

    p = t["predictions"]
    if any(a["probability"] < b["probability"] or a["logit"] < b["logit"] for a, b in zip(p, p[1:])):
        problems.append("predictions are not most likely first")
    if sum(x["probability"] for x in p) > 1 + 1e-5:
        problems.append("predictions' probabilities sum to more than 1")

    stats = t["head_stats"]
    if stats and [(s["layer"], s["head"]) for s in stats] != [(l, h) for l in layers for h in heads]:
        problems.append("head_stats are not one per captured (layer, head), in that order")
    separators = [k for k, tok in enumerate(t["tokens"]) if tok["text"] == "[SEP]" and model["type"] == "bert"]
    ids = [tok["id"] if tok.get("id", -1) >= 0 else ("text", tok["text"]) for tok in t["tokens"]]  # no id: the text
    punctuation = [k for k, tok in enumerate(t["tokens"]) if is_punctuation(tok)]
    recomputed = 0
    for s in stats:
        A = softmax.get((s["layer"], s["head"]))
        if A is None:
            continue
        recomputed += 1
        for field, value in head_stats_of(A, visible_in(s["layer"]), separators, ids, punctuation).items():
            if not close(s[field], value):
                problems.append(f"head_stats layer {s['layer']} head {s['head']}: {field} {s[field]}; recomputed {value}")
        if s["role"] != role_of(s):
            problems.append(f"head_stats layer {s['layer']} head {s['head']}: role {s['role']}; its numbers say {role_of(s)}")
        for q, k in enumerate(s["top_key"]):
            best = max(A[q]) if sum(A[q]) > 0 else None
            if (k == -1) != (best is None) or (k != -1 and not close(A[q][k], best, 1e-6)):
                problems.append(f"head_stats layer {s['layer']} head {s['head']}: top_key[{q}] = {k}, row {A[q]}")

    for message in problems[:20]:
        print(f"{path}: {message}")
    print(f"{path}: {model['type']} model trace: no weights to recompute from; {len(t['steps'])} steps, "
          f"{len(softmax)} softmax steps checked, rollout {'checked' if rollout else 'absent'}, "
          f"{recomputed} of {len(stats)} head_stats recomputed: {'FAIL' if problems else 'ok'}")
    return not problems


def write_model_files(program, folder):
    """Model-shaped exports from tests/test_model_exports.cpp (its hidden test
    "[.model-files]"), found next to `program` (build/cli/mha-explain,
    build/tests/npy_samples): FOLDER/<case>/trace.json, npy/, t.safetensors
    and attention.json (FOLDER is emptied first). Returns {case: folder}."""
    here = os.path.dirname(os.path.abspath(program))
    tests = next((p for p in (os.path.join(here, "mha_tests"), os.path.join(here, "..", "tests", "mha_tests"))
                  if os.path.exists(p)), None)
    if tests is None:
        raise SystemExit(f"no mha_tests next to {program}: build it (cmake --build build --target mha_tests)")
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([tests, "[.model-files]"], check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, MHA_MODEL_TRACE_DIR=folder))
    return {case: os.path.join(folder, case) for case in sorted(os.listdir(folder))}


def check(path):
    t = json.load(open(path, encoding="utf-8"))
    if "model" in t:
        return check_model(path, t)
    mine = Recompute(t).run()
    failed = bool(mine.problems)
    for p in mine.problems:
        print(f"{path}: {p}")

    tensors = [(("parameter", name), p) for name, p in mine.params.items() if ("parameter", name) in mine.expected]
    tensors += [((s["step"], s["head"], s["symbol"]), s) for s in t["steps"]]
    worst_overall = 0.0
    seen = set()
    for key, tensor in tensors:
        if key not in mine.expected:
            print(f"{path}: {key} was not expected")
            failed = True
            continue
        if key in seen:
            print(f"{path}: {key} appears twice")
            failed = True
        seen.add(key)
        worst, ok = compare(path, key, tensor, mine.expected[key])
        failed |= not ok
        worst_overall = max(worst_overall, worst)
        head = "-" if len(key) == 2 or key[1] is None else key[1]
        print(f"  {key[0]:<12} head {head:<2} {key[-1]:<24} max |Δ| = {worst:.2e}")

    # --steps keeps whole step names: each one is there completely or not at all.
    names = {k[0] for k in mine.expected if k[0] != "parameter"}
    present = {k[0] for k in seen}
    for name in sorted(names & present):
        missing = [k for k in mine.expected if k[0] == name and k not in seen]
        if missing:
            print(f"{path}: step {name} is incomplete; missing {missing}")
            failed = True
    left_out = sorted(names - present)
    # Fully masked rows, from the trace's own numbers: A row 0 in every head, so Y row = b_O (0 without biases).
    b_O = mine.params["b_O"]["values"][0] if "b_O" in mine.params else [0.0] * t["config"]["d_model"]
    for s in t["steps"]:
        for r in t["fully_masked_rows"]:
            row = s["values"][r]
            if s["step"] == "softmax" and any(x != 0 for x in row):
                print(f"{path}: fully masked row {r} of {s['symbol']} is {row}; expected all 0")
                failed = True
            if s["step"] == "output" and row != b_O:
                print(f"{path}: fully masked row {r} of Y is {row}; expected b_O = {b_O}")
                failed = True

    print(f"{path}: {len(seen)} tensors recomputed"
          f"{' (--steps left out ' + ', '.join(left_out) + ')' if left_out else ''}, largest |Δ| {worst_overall:.2e}: "
          f"{'FAIL' if failed else 'ok'} (tolerance {TOLERANCE:g}·(1 + |x|))")
    return not failed


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ok = all([check(p) for p in sys.argv[1:]])
    sys.exit(0 if ok else 1)
