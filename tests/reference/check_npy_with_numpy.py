#!/usr/bin/env python3
"""Checks our npy code against numpy, in both directions.

    check_npy_with_numpy.py NPY_SAMPLES FOLDER

1. `NPY_SAMPLES write FOLDER/ours` (tests/reference/npy_samples.cpp) writes
   files with mha::io::write_npy; numpy must load each as little-endian
   float32 in C order, format 1.0 with the data at a multiple of 64 bytes,
   with the expected shape and exactly the values of its formula.
2. numpy.save writes float16/32/64 arrays, big-endian ones and Fortran-order
   ones into FOLDER/numpy; `NPY_SAMPLES read` must print for each the numpy
   dtype, the shape and, bit for bit, the values numpy gets by converting the
   array to float32 in C order (round to nearest, as our reader promises).
3. The model-shaped exports of tests/test_model_exports.cpp (mha_tests,
   next to NPY_SAMPLES, writes them into FOLDER/model): numpy loads every
   .npy file in the shape index.json gives, `attentions` equals the
   per-head softmax files stacked as its "layers" and "heads" say, the
   rollout's rows sum to 1, and the safetensors file, read with numpy as
   docs/trace.md shows, holds the same arrays bit for bit.

Fails when numpy is not installed (python3-numpy, which scripts/test.sh installs).
"""
import json
import os
import struct
import subprocess
import sys

try:
    import numpy as np
except ImportError:
    print("FAIL: numpy is not installed (Debian: python3-numpy; scripts/test.sh installs it: MHA_TEST_PACKAGES=1 scripts/setup.sh)")
    sys.exit(1)

from recompute_trace import write_model_files


def expected():
    f32 = np.float32
    return {
        "scalar": np.array(f32(0.1)),
        "vector": np.array([f32(i) * f32(0.25) - f32(0.5) for i in range(5)], dtype=f32),
        "matrix": np.array([f32(i) / f32(3) for i in range(12)], dtype=f32).reshape(3, 4),
        "cube": np.arange(24, dtype=f32).reshape(2, 3, 4) - f32(12),
        "empty": np.zeros((0, 3), dtype=f32),
        "special": np.array([np.inf, -np.inf, -0.0, 65504.0, 2.0 ** -149], dtype=f32),
    }


def check_numpy_reads_ours(program, folder):
    subprocess.run([program, "write", folder], check=True)
    failures = 0
    for name, want in expected().items():
        path = os.path.join(folder, name + ".npy")
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            data_start = f.tell()
        got = np.load(path)
        problems = []
        if version != (1, 0):
            problems.append("version %r, expected (1, 0)" % (version,))
        if data_start % 64:
            problems.append("data starts at byte %d, not a multiple of 64" % data_start)
        if fortran or dtype.str != "<f4" or got.dtype.str != "<f4":
            problems.append("dtype %s fortran_order %s, expected <f4 C order" % (dtype.str, fortran))
        if got.shape != want.shape or shape != want.shape:
            problems.append("shape %r, expected %r" % (got.shape, want.shape))
        elif not (np.array_equal(got, want) and np.array_equal(np.signbit(got), np.signbit(want))):
            problems.append("values %r, expected %r" % (got.tolist(), want.tolist()))
        for p in problems:
            print("%s: %s" % (path, p))
        failures += len(problems)
        if not problems:
            print("%s: numpy reads %s %r as written" % (path, got.dtype.str, got.shape))
    return failures


def numpy_arrays():
    with np.errstate(over="ignore"):
        return {
            "half": np.array([[1, -2, 2.0 ** -24], [65504, np.inf, -0.0]], dtype="<f2"),
            "fortran_f8": np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) / 7),
            "fortran_f4": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
            "big_f4": np.array([1.5, -2, 0.1], dtype=">f4"),
            "big_f8": np.array([[0.1, 1e300], [-1e-50, 2.5]], dtype=">f8"),
            "big_f2": np.array([0.5, -65504], dtype=">f2"),
            "scalar": np.array(np.float32(7)),
            "empty": np.zeros((0, 3), dtype="<f4"),
        }


DTYPES = {"f2": "F16", "f4": "F32", "f8": "F64"}


def check_ours_reads_numpy(program, folder):
    os.makedirs(folder, exist_ok=True)
    arrays = numpy_arrays()
    paths = []
    for name, a in arrays.items():
        paths.append(os.path.join(folder, name + ".npy"))
        np.save(paths[-1], a)
    out = subprocess.run([program, "read"] + paths, check=True, capture_output=True, text=True).stdout
    failures = 0
    for line, (name, a) in zip(out.splitlines(), arrays.items()):
        with np.errstate(over="ignore"):
            bits = np.ascontiguousarray(a.astype("<f4")).ravel().view("<u4")
        shape = "[" + ", ".join(str(d) for d in a.shape) + "]"
        want = " ".join([name, DTYPES[a.dtype.str[1:]], shape] + ["%08x" % b for b in bits])
        if line != want:
            print("%s: read as\n  %s\nexpected\n  %s" % (name, line, want))
            failures += 1
        else:
            print("%s.npy (numpy %s %s): read as numpy converts it" % (name, a.dtype.str, shape))
    if len(out.splitlines()) != len(arrays):
        print("expected %d lines, got:\n%s" % (len(arrays), out))
        failures += 1
    return failures


def safetensors_arrays(path):
    """Every tensor of a safetensors file, read as docs/trace.md does."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    arrays = {}
    for key, h in header.items():
        if key != "__metadata__":
            begin, end = h["data_offsets"]
            arrays[key] = np.frombuffer(raw[8 + n + begin:8 + n + end], dtype="<f4").reshape(h["shape"])
    return arrays


def check_model_exports(program, folder):
    failures = 0
    for name, case in write_model_files(program, folder).items():
        index = json.load(open(os.path.join(case, "npy", "index.json"), encoding="utf-8"))
        arrays = {e["key"]: np.load(os.path.join(case, "npy", e["file"])) for e in index["tensors"]}
        problems = [f"{k}: shape {a.shape}, index {e['shape']}" for e in index["tensors"]
                    for k, a in [(e["key"], arrays[e["key"]])] if list(a.shape) != e["shape"]]
        stacked = next(e for e in index["tensors"] if e["kind"] == "attentions")
        expected = np.stack([np.stack([arrays[f"layer{l}.softmax.head{h}"] for h in stacked["heads"]])
                             for l in stacked["layers"]])
        if not np.array_equal(arrays["attentions"], expected):
            problems.append("attentions differs from the softmax files stacked by its layers and heads")
        if not np.allclose(arrays["rollout"].sum(axis=1), 1, atol=1e-6):
            problems.append(f"rollout rows sum to {arrays['rollout'].sum(axis=1)}")
        st = safetensors_arrays(os.path.join(case, "t.safetensors"))
        if sorted(st) != sorted(arrays) or any(not np.array_equal(st[k], arrays[k]) for k in st):
            problems.append("the safetensors file does not hold the .npy files' arrays")
        for p in problems:
            print("%s: %s" % (name, p))
        failures += len(problems)
        if not problems:
            print("%s: %d arrays, attentions %r = the softmax files stacked, rollout rows sum to 1, "
                  "safetensors the same" % (name, len(arrays), arrays["attentions"].shape))
    return failures


def main():
    program, folder = sys.argv[1], sys.argv[2]
    failures = check_numpy_reads_ours(program, os.path.join(folder, "ours"))
    failures += check_ours_reads_numpy(program, os.path.join(folder, "numpy"))
    failures += check_model_exports(program, os.path.join(folder, "model"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
