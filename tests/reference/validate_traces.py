#!/usr/bin/env python3
"""Checks real traces against docs/trace.schema.json and docs/npy-index.schema.json.

    validate_traces.py path/to/mha-explain

1. Every committed samples/*/trace.json is valid.
2. Traces the built CLI writes now, for a matrix of options (causal, --pad,
   a fully masked row, --bias, --context with and without kdim/vdim,
   --d-k/--d-v, one head, --steps, --lang zh, char tokens without positions,
   the largest seed), are valid.
3. The index.json of a --npy run, and the "index" metadata of a
   --safetensors run, are valid against the index schema, and name exactly
   the files / tensors that were written.
4. The schemas bite: copies of a valid trace and index, each broken in one
   way (a wrong type, a missing field, a schema 1 field, ...), must be
   refused. A schema that accepted everything would pass 1-3 alone.
5. Model traces (schema 3): the model-shaped exports mha_tests writes
   (tests/test_model_exports.cpp: a GPT-2 run, one with every step, a BERT
   sentence pair with some blocks and heads left out), and when the CLI has
   --model, real runs of the tiny checkpoints in tests/data/hf: each trace
   and export index is valid, passes recompute_trace.py's model checks, and
   broken copies are refused.

Beyond the schema, each tensor's rows, cols and values must match its shape
(JSON Schema cannot compare an array's length with a number in the file).

Exits 1 on any failure, and when jsonschema is not installed
(python3-jsonschema, which scripts/test.sh installs).
"""
import copy
import glob
import json
import os
import struct
import subprocess
import sys
import tempfile

from recompute_trace import check_model, write_model_files

try:
    import jsonschema
except ImportError:
    print("FAIL: jsonschema is not installed (Debian: python3-jsonschema; scripts/test.sh installs it: MHA_TEST_PACKAGES=1 scripts/setup.sh)")
    sys.exit(1)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SENTENCE = "我 喜欢 吃 芝士 薯条"

# name -> arguments (the sentence first). Each writes --json <name>.json.
RUNS = {
    "self": [SENTENCE],
    "causal": [SENTENCE, "--causal"],
    "pad": ["a <pad> b <pad>", "--pad", "<pad>"],
    "pad-unused": ["a b", "--pad", "<pad>"],  # no key is padding: key_padding []
    "fully-masked": ["<pad> a b", "--pad", "<pad>", "--causal", "--bias"],  # row 0 has no key
    "bias": [SENTENCE, "--bias"],
    "cross": [SENTENCE, "--context", "I like cheese fries <pad>", "--pad", "<pad>", "--bias"],
    "cross-causal": ["a b c", "--context", "x y", "--causal"],
    "cross-kdim-vdim": ["a b c", "--context", "x y", "--weights", "{weights}", "--heads", "2"],
    "sizes": [SENTENCE, "--heads", "3", "--d-k", "3", "--d-v", "5"],
    "one-head": ["a b", "--heads", "1", "--d-model", "4"],
    "rope-gqa": [SENTENCE, "--positional", "rope", "--rope-theta", "500000", "--heads", "4", "--kv-heads", "2",
                 "--d-model", "16", "--causal"],
    "steps": [SENTENCE, "--steps", "scores,mask,softmax", "--causal"],
    "steps-ctx": ["a b", "--context", "x y z", "--steps", "embed,position"],
    "zh": [SENTENCE, "--lang", "zh"],
    "char-no-positions": ["芝士薯条", "--tokenizer", "char", "--positional", "none"],
    "largest-seed": ["a", "--seed", "18446744073709551615"],
    # Issue 4's inputs: segmented Chinese, vocabularies (token ids, bpe labels), an embedding table.
    "dict": ["我喜欢吃芝士薯条", "--tokenizer", "dict"],
    "wordpiece": ["Hello, world! 芝士", "--tokenizer", "wordpiece", "--vocab", "{data}/text/wordpiece-vocab.txt",
                  "--special-tokens", "--heads", "1"],
    "bpe": ["I like 芝士 fries", "--tokenizer", "bpe", "--vocab", "{data}/text/bpe-vocab.json",
            "--merges", "{data}/text/bpe-merges.txt", "--heads", "1"],
    "embeddings": ["the cat sat on mat", "--embeddings", "{data}/embeddings/glove.txt", "--heads", "1"],
}

failures = []


def fail(message):
    print("FAIL:", message)
    failures.append(message)


def validator(name):
    schema = json.load(open(os.path.join(ROOT, "docs", name), encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def shapes_agree(where, tensor):
    rows, cols = tensor["shape"]
    if len(tensor["rows"]) != rows or len(tensor["cols"]) != cols or len(tensor.get("values", [[0] * cols] * rows)) != rows:
        fail(f"{where}: rows/cols/values do not match shape {tensor['shape']}")
    elif any(len(r) != cols for r in tensor.get("values", [])):
        fail(f"{where}: a row of values does not have {cols} numbers")


def check_trace(v, path, trace):
    errors = sorted(v.iter_errors(trace), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        fail(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    for p in trace.get("parameters", []):
        shapes_agree(f"{path}: parameter {p.get('name')}", p)
    for s in trace.get("steps", []):
        shapes_agree(f"{path}: step {s.get('step')} {s.get('symbol')}", s)
    return not errors


def weights_json(path):
    """W_K from 6-wide and W_V from 5-wide vectors: kdim 6, vdim 5, with biases."""
    def m(r, c, k):
        return [[round(((i * c + j) * 37 % 23 - 11) * 0.013 * k, 4) for j in range(c)] for i in range(r)]
    w = {"W_Q": m(8, 8, 1), "W_K": m(6, 8, 2), "W_V": m(5, 8, 3), "W_O": m(8, 8, 4),
         "b_Q": [0.01] * 8, "b_K": [0.02] * 8, "b_V": [-0.01] * 8, "b_O": [0.5] * 8}
    json.dump(w, open(path, "w"))


def run(binary, args):
    done = subprocess.run([binary, *args, "--quiet"], capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"mha-explain {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
    return done.returncode == 0


def safetensors_index(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    names = sorted(k for k in header if k != "__metadata__")
    return json.loads(header["__metadata__"]["index"]), names


def check_exports(index_v, where, npy_dir, st_file):
    """The index.json of a --npy folder and the index of a --safetensors file:
    valid, and naming exactly what was written. Returns how many are valid."""
    index = json.load(open(os.path.join(npy_dir, "index.json"), encoding="utf-8"))
    errors = list(index_v.iter_errors(index))
    for e in errors[:5]:
        fail(f"{where}npy index.json: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    listed = sorted(t.get("file", "") for t in index["tensors"])
    written = sorted(f for f in os.listdir(npy_dir) if f != "index.json")
    if listed != written:
        fail(f"{where}npy index.json lists {listed}, the folder holds {written}")
    if any(t.get("file") != t["key"] + ".npy" for t in index["tensors"]):
        fail(f"{where}npy index.json: a file is not named <key>.npy")
    for t in index["tensors"]:
        if t["kind"] != "attentions":  # [layers, heads, n, m]: its rows and cols label the last two
            shapes_agree(f"{where}npy index {t['key']}", t)
    valid = not errors

    st_index, names = safetensors_index(st_file)
    errors = list(index_v.iter_errors(st_index))
    for e in errors[:5]:
        fail(f"{where}safetensors index: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    if sorted(t["key"] for t in st_index["tensors"]) != names:
        fail(f"{where}safetensors index keys differ from its tensor names")
    if any("file" in t for t in st_index["tensors"]):
        fail(f"{where}safetensors index names files")
    return valid + (not errors)


# --model runs of the tiny checkpoints (tests/data/hf), once the CLI has --model.
MODEL_RUNS = {
    "gpt2-tiny": ["--model", "{hf}/gpt2-tiny", "the cat sat on the mat"],
    "gpt2-tiny-every-step": ["--model", "{hf}/gpt2-tiny", "the cat sat", "--layers", "1", "--heads", "0,2",
                             "--steps", "embed,position,project_q,project_k,project_v,split_heads,scores,scale,"
                             "mask,softmax,context,concat,output,layer_norm,residual,mlp"],
    "bert-tiny-pair": ["--model", "{hf}/bert-tiny", "the cat sat", "--pair", "on the mat"],
    "qwen2-tiny-bf16": ["--model", "{hf}/qwen2-tiny-bf16", "我喜欢吃芝士薯条"],
    "qwen3-every-step": ["--model", "{hf}/qwen3-tiny-sharded", "我喜欢吃芝士薯条", "--layers", "1", "--heads", "0,3",
                         "--steps", "embed,project_q,project_k,project_v,split_heads,qk_norm,rope,scores,scale,"
                         "mask,softmax,context,concat,output,rms_norm,residual,mlp"],
    "mistral-window": ["--model", "{hf}/mistral-tiny-f16", "The cat sat on the warm mat by the door"],
    "llama-tiny": ["--model", "{hf}/llama-tiny", "The cat sat on the mat"],
}


def model_exports(binary, tmp):
    """{name: folder with trace.json, npy/, t.safetensors}: the mha_tests cases
    and, with a CLI that has --model, the tiny checkpoints' runs."""
    cases = write_model_files(binary, os.path.join(tmp, "model-files"))
    hf = os.path.join(ROOT, "tests", "data", "hf")
    has_model = "--model" in subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    if not has_model or not os.path.isdir(hf):
        print("validate_traces: this mha-explain has no --model (or tests/data/hf is missing): "
              "model traces come from mha_tests alone")
        return cases
    for name, args in MODEL_RUNS.items():
        folder = os.path.join(tmp, name)
        os.mkdir(folder)
        args = [a.replace("{hf}", hf) for a in args]
        if run(binary, args + ["--json", os.path.join(folder, "trace.json"), "--npy", os.path.join(folder, "npy"),
                               "--safetensors", os.path.join(folder, "t.safetensors")]):
            cases[name] = folder
    return cases


def step_of(t, name):
    return next(s for s in t["steps"] if s["step"] == name)


def refusals(breaks):
    """breaks: (what, validator, valid document, breaker); each broken copy
    must be refused. Returns (refused, tried)."""
    refused = 0
    for what, v, base, breaker in breaks:
        broken = copy.deepcopy(base)
        breaker(broken)
        if v.is_valid(broken):
            fail(f"the schema accepts {what}")
        else:
            refused += 1
    return refused, len(breaks)


def model_bites(trace_v, index_v, trace, index, plain):
    """Copies of a valid model trace (with every step), its npy index and a toy
    trace, each broken in one schema 3 way; returns (refused, tried)."""
    T, I = trace_v, index_v
    breaks = [
        ("schema 3 without model", T, trace, lambda t: t.pop("model")),
        ("schema 3 without rollout", T, trace, lambda t: t.pop("rollout")),
        ("schema 3 step without layer", T, trace, lambda t: step_of(t, "softmax").pop("layer")),
        ("layer as text", T, trace, lambda t: step_of(t, "softmax").__setitem__("layer", "0")),
        ("unknown model type", T, trace, lambda t: t["model"].__setitem__("type", "gemma")),
        ("model without captured_heads", T, trace, lambda t: t["model"].pop("captured_heads")),
        ("token type 2", T, trace, lambda t: t["model"].__setitem__("token_types", [0, 2])),
        ("unknown head role", T, trace, lambda t: t["head_stats"][0].__setitem__("role", "induction")),
        ("head_stats share above 1", T, trace, lambda t: t["head_stats"][0].__setitem__("self", 1.5)),
        ("prediction without probability", T, trace, lambda t: t["predictions"][0].pop("probability")),
        ("null in the rollout", T, trace, lambda t: t["rollout"]["values"][0].__setitem__(0, None)),
        ("schema 2 with a model", T, plain, lambda t: t.__setitem__("model", trace["model"])),
        ("schema 2 step with a layer", T, plain, lambda t: step_of(t, "softmax").__setitem__("layer", 0)),
        ("schema 3 index step without layer", I, index, lambda i: next(
            e for e in i["tensors"] if e["kind"] == "step").pop("layer")),
        ("attentions of two dimensions", I, index, lambda i: i["tensors"][-1].__setitem__("shape", [6, 6])),
        ("attentions without heads", I, index, lambda i: i["tensors"][-1].pop("heads")),
        ("an index key with a sublayer of its own", I, index, lambda i: next(
            e for e in i["tensors"] if e["key"] == "layer0.layer_norm.attn").__setitem__("key", "layer0.layer_norm.ffn")),
    ]
    return refusals(breaks)


def bites(trace_v, index_v, cross, plain, index):
    """Copies of a valid cross-attention trace, self-attention trace and npy
    index, each broken in one way; returns (refused, tried)."""
    T, I = trace_v, index_v
    breaks = [
        ("d_model as a string", T, cross, lambda t: t["config"].__setitem__("d_model", "8")),
        ("no steps", T, cross, lambda t: t.pop("steps")),
        ("no config.causal", T, cross, lambda t: t["config"].pop("causal")),
        ("schema_version 1", T, cross, lambda t: t.__setitem__("schema_version", 1)),
        ("schema 1 config.mask", T, plain, lambda t: t["config"].__setitem__("mask", "none")),
        ("unknown top-level field", T, cross, lambda t: t.__setitem__("notes", "")),
        ("unknown step name", T, cross, lambda t: step_of(t, "scores").__setitem__("step", "attention")),
        ("tokenize in steps", T, cross, lambda t: step_of(t, "embed").__setitem__("step", "tokenize")),
        ("null in a softmax matrix", T, cross, lambda t: step_of(t, "softmax")["values"][0].__setitem__(0, None)),
        ("null in a parameter", T, cross, lambda t: t["parameters"][0]["values"][0].__setitem__(0, None)),
        ("a number as text", T, cross, lambda t: step_of(t, "output")["values"][0].__setitem__(0, "0.5")),
        ("scores without a head", T, cross, lambda t: step_of(t, "scores").__setitem__("head", None)),
        ("output with a head", T, cross, lambda t: step_of(t, "output").__setitem__("head", 0)),
        ("three-number shape", T, cross, lambda t: step_of(t, "concat").__setitem__("shape", [5, 8, 1])),
        ("unknown parameter", T, cross, lambda t: t["parameters"][0].__setitem__("name", "W_X")),
        ("field on a step", T, cross, lambda t: step_of(t, "scale").__setitem__("note", "")),
        ("token without byte_end", T, cross, lambda t: t["tokens"][0].pop("byte_end")),
        ("context_text without context_tokens", T, cross, lambda t: t.pop("context_tokens")),
        ("context_tokens without context_text", T, plain, lambda t: t.__setitem__("context_tokens", t["tokens"])),
        ("key_padding as text", T, cross, lambda t: t.__setitem__("key_padding", "00001")),
        ("heads 0", T, plain, lambda t: t["config"].__setitem__("heads", 0)),
        ("unknown tokenizer", T, plain, lambda t: t["config"].__setitem__("tokenizer", "sentencepiece")),
        ("an index entry without key", I, index, lambda i: i["tensors"][0].pop("key")),
        ("an index entry of kind weight", I, index, lambda i: i["tensors"][0].__setitem__("kind", "weight")),
        ("an index parameter with a step name", I, index, lambda i: i["tensors"][0].__setitem__("step", "embed")),
        ("an index step without symbol", I, index, lambda i: i["tensors"][-1].pop("symbol")),
        ("an index file that is not .npy", I, index, lambda i: i["tensors"][0].__setitem__("file", "W_Q.bin")),
        ("an index without tensors", I, index, lambda i: i.pop("tensors")),
    ]
    return refusals(breaks)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    trace_v, index_v = validator("trace.schema.json"), validator("npy-index.schema.json")

    # 1. The committed samples.
    samples = sorted(glob.glob(os.path.join(ROOT, "samples", "*", "trace.json")))
    if not samples:
        fail("no samples/*/trace.json found")
    valid = 0
    for path in samples:
        valid += check_trace(trace_v, os.path.relpath(path, ROOT), json.load(open(path, encoding="utf-8")))

    with tempfile.TemporaryDirectory() as tmp:
        # 2. Fresh traces, one per option set.
        weights_json(os.path.join(tmp, "weights.json"))
        traces = {}
        for name, args in RUNS.items():
            args = [a.replace("{weights}", os.path.join(tmp, "weights.json")).replace("{data}", os.path.join(ROOT, "tests", "data")) for a in args]
            out = os.path.join(tmp, name + ".json")
            if run(binary, args + ["--json", out]):
                traces[name] = json.load(open(out, encoding="utf-8"))
                valid += check_trace(trace_v, name, traces[name])
        # The matrix reaches what it claims to reach.
        expect = {
            "fully-masked": lambda t: t["fully_masked_rows"] == [0],
            "cross-kdim-vdim": lambda t: (t["config"]["kdim"], t["config"]["vdim"], t["config"]["bias"]) == (6, 5, True)
            and {"embedding_ctx_k", "embedding_ctx_v"} <= {p["name"] for p in t["parameters"]},
            "pad-unused": lambda t: t["key_padding"] == [] and t["config"]["pad_token"] == "<pad>",
            "rope-gqa": lambda t: (t["config"]["kv_heads"], t["config"]["rope_theta"]) == (2, 500000)
            and sum(s["step"] == "rope" for s in t["steps"]) == 8,  # Q_rot_i and K_rot_i for 4 heads
            "steps": lambda t: sorted({s["step"] for s in t["steps"]}) == ["mask", "scores", "softmax"],
            "steps-ctx": lambda t: [s["symbol"] for s in t["steps"]] == ["E", "X", "E_ctx", "X_ctx"],
            "dict": lambda t: [k["text"] for k in t["tokens"]] == ["我", "喜欢", "吃", "芝士", "薯条"],
            "wordpiece": lambda t: (t["tokens"][0]["text"], t["tokens"][-1]["text"]) == ("[CLS]", "[SEP]")
            and all("id" in k for k in t["tokens"]),
            "bpe": lambda t: any(k.get("partial") and k["label"] == "芝…" for k in t["tokens"]),
            # glove.txt holds the, cat, sat, on (3 wide): "mat" (index 4) is missing.
            "embeddings": lambda t: (t["config"]["d_model"], t["config"]["oov"], t["oov_tokens"]) == (3, "random", [4]),
        }
        for name, ok in expect.items():
            if name in traces and not ok(traces[name]):
                fail(f"{name}: the trace is not the case it was meant to test")

        # 3. Tensor export indexes.
        args = [SENTENCE, "--context", "I like cheese fries <pad>", "--pad", "<pad>", "--bias"]
        npy_dir, st_file = os.path.join(tmp, "npy"), os.path.join(tmp, "t.safetensors")
        indexes = 0
        if run(binary, args + ["--npy", npy_dir, "--safetensors", st_file]):
            indexes += check_exports(index_v, "", npy_dir, st_file)

        # 4. The schemas bite: each broken copy must be refused.
        index_path = os.path.join(npy_dir, "index.json")
        if "cross" in traces and "self" in traces and os.path.exists(index_path):
            index = json.load(open(index_path, encoding="utf-8"))
            refused, expected_refusals = bites(trace_v, index_v, traces["cross"], traces["self"], index)
        else:
            refused, expected_refusals = 0, 0

        # 5. Model traces.
        models = model_exports(binary, tmp)
        model_valid = model_indexes = 0
        for name, folder in models.items():
            trace = json.load(open(os.path.join(folder, "trace.json"), encoding="utf-8"))
            ok = check_trace(trace_v, name, trace)
            if trace.get("schema_version") != 3 or not all("layer" in s for s in trace["steps"]):
                fail(f"{name}: not a schema 3 trace whose steps name their block")
                ok = False
            if not check_model(name, trace):
                fail(f"{name}: recompute_trace.py's model checks fail")
                ok = False
            model_valid += ok
            model_indexes += check_exports(index_v, name + ": ", os.path.join(folder, "npy"),
                                           os.path.join(folder, "t.safetensors"))
        every_step = models.get("gpt2-all-steps")
        if every_step and "self" in traces:
            trace = json.load(open(os.path.join(every_step, "trace.json"), encoding="utf-8"))
            index = json.load(open(os.path.join(every_step, "npy", "index.json"), encoding="utf-8"))
            got, tried = model_bites(trace_v, index_v, trace, index, traces["self"])
            refused, expected_refusals = refused + got, expected_refusals + tried

    print(f"validate_traces: {valid} of {len(samples) + len(RUNS)} traces valid ({len(samples)} samples, "
          f"{len(RUNS)} fresh), {indexes} of 2 export indexes valid, {model_valid} of {len(models)} model traces "
          f"and {model_indexes} of {2 * len(models)} of their indexes valid, {refused} of {expected_refusals} "
          f"broken copies refused: {'FAIL' if failures else 'ok'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
