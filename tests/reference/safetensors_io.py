"""A tiny reader and writer for the HuggingFace safetensors format.

Used by make_torch_cases.py (fixtures for the C++ tests) and by
bench/torch_mha_bench.py (the benchmark's weights file), so that both write
exactly what the C++ loader reads, without the safetensors package:

    8 bytes   little-endian u64 N, the length of the JSON header
    N bytes   JSON: {"__metadata__": {str: str}, name: {"dtype", "shape",
              "data_offsets": [begin, end]}, ...}, padded with spaces to a
              multiple of 8
    rest      the tensors' raw little-endian bytes, one after another in
              name order; offsets count from the end of the header

Only NumPy is needed. F32 and F16 are NumPy dtypes; BF16 is stored as the
top 16 bits of the float32 after round-to-nearest-even (bf16_bits below).
"""
import json
import struct

import numpy as np

DTYPE_SIZE = {"F32": 4, "F16": 2, "BF16": 2}


def bf16_bits(a):
    """float32 array -> uint16 bfloat16 bits, round-to-nearest-even.

    Adds 0x7FFF plus the lowest kept bit, so a tie (lower half exactly
    0x8000) rounds to the even neighbour. NaN is kept a quiet NaN (the
    addition could otherwise carry it into infinity).
    """
    bits = np.ascontiguousarray(a, dtype="<f4").view("<u4").astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(np.asarray(a, dtype=np.float32))
    rounded[nan] = ((bits[nan] >> 16) | 0x0040).astype(np.uint16)
    return rounded


def bf16_to_f32(bits):
    """uint16 bfloat16 bits -> float32 values (exact)."""
    return (np.asarray(bits, dtype=np.uint32) << 16).view(np.float32)


def round_to(a, dtype):
    """The float32 values that storing `a` as `dtype` keeps."""
    a = np.asarray(a, dtype=np.float32)
    if dtype == "F32":
        return a.copy()
    if dtype == "F16":
        with np.errstate(over="ignore"):  # beyond 65504 is inf, as in torch
            return a.astype(np.float16).astype(np.float32)
    if dtype == "BF16":
        return bf16_to_f32(bf16_bits(a))
    raise ValueError(dtype)


def _raw(a, dtype):
    if dtype == "F32":
        return np.ascontiguousarray(a, dtype="<f4").tobytes()
    if dtype == "F16":
        return np.ascontiguousarray(a, dtype=np.float32).astype("<f2").tobytes()
    if dtype == "BF16":
        return bf16_bits(a).astype("<u2").tobytes()
    raise ValueError(dtype)


def write(path, tensors, metadata):
    """tensors: {name: (float32 array, "F32" | "F16" | "BF16")};
    metadata: {str: str}. Tensors are laid out in name order."""
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        array, dtype = tensors[name]
        raw = _raw(array, dtype)
        # The F16/BF16 tensors here all have an even element count, so every
        # tensor starts 4-byte aligned and F32 data can be read in place.
        assert offset % 4 == 0, (name, offset)
        header[name] = {
            "dtype": dtype,
            "shape": list(np.shape(array)),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def read(path):
    """-> ({name: float32 array}, {name: stored dtype}, metadata)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = memoryview(blob)[8 + n :]
    tensors, dtypes = {}, {}
    end = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, stop = info["data_offsets"]
        assert begin == end, f"{path}: hole or overlap before {name}"
        end = stop
        dtype = info["dtype"]
        count = int(np.prod(info["shape"], dtype=np.int64))
        assert stop - begin == count * DTYPE_SIZE[dtype], f"{path}: size of {name}"
        raw = data[begin:stop]
        if dtype == "F32":
            values = np.frombuffer(raw, dtype="<f4")
        elif dtype == "F16":
            values = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        else:
            values = bf16_to_f32(np.frombuffer(raw, dtype="<u2"))
        tensors[name] = values.astype(np.float32).reshape(info["shape"])
        dtypes[name] = dtype
    assert end == len(data), f"{path}: trailing bytes"
    return tensors, dtypes, metadata


def write_sharded(folder, tensors, first_shard_names, metadata, write_json):
    """Two shards plus model.safetensors.index.json, as save_pretrained with
    a small max_shard_size writes them. total_size: the tensors' data bytes.
    write_json(path, obj) writes the index as the caller writes its JSON."""
    import os

    shards = {
        "model-00001-of-00002.safetensors": {n: tensors[n] for n in tensors if n in first_shard_names},
        "model-00002-of-00002.safetensors": {n: tensors[n] for n in tensors if n not in first_shard_names},
    }
    weight_map, total = {}, 0
    for file, part in shards.items():
        write(os.path.join(folder, file), part, metadata)
        for name, (array, dtype) in part.items():
            weight_map[name] = file
            total += array.size * DTYPE_SIZE[dtype]
    write_json(os.path.join(folder, "model.safetensors.index.json"), {"metadata": {"total_size": total}, "weight_map": weight_map})
