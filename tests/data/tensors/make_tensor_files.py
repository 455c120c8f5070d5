#!/usr/bin/env python3
"""Writes the small tensor files that tests/test_tensor_io.cpp reads, next to
this script. Plain Python 3 (struct, json): the bytes are laid out by hand
from the format descriptions, independently of the C++ code under test.

    python3 tests/data/tensors/make_tensor_files.py

The values are chosen so that a test can state them exactly (see the comments
at each file); the malformed files are valid ones broken in one place.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def safetensors(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, raw bytes), stored in this order."""
    header, offset = {}, 0
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # padding spaces, as the reference writer does
    return struct.pack("<Q", len(text)) + text + b"".join(raw for *_, raw in tensors)


def npy(descr, shape, raw, fortran=False, version=(1, 0)):
    shape_text = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape_text)
    length_format = "<H" if version == (1, 0) else "<I"
    prefix = 8 + struct.calcsize(length_format)
    header = header.encode() + b" " * (-(prefix + len(header) + 1) % 64) + b"\n"
    return b"\x93NUMPY" + bytes(version) + struct.pack(length_format, len(header)) + header + raw


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


# --- valid files -----------------------------------------------------------

# W_Q = [[-1, -0.5, 0], [0.5, 1, 1.5]] (0.5 i - 1), b_Q = [1, 2, 3], metadata.
small = safetensors(
    [("W_Q", "F32", [2, 3], f32(*[0.5 * i - 1 for i in range(6)])), ("b_Q", "F32", [3], f32(1, 2, 3))],
    {"format": "pt", "note": "made by make_tensor_files.py"})
write("small.safetensors", small)
# The same bytes under a name that does not say the format (read_tensors sniffs).
write("small_renamed.bin", small)

# half: 1, -2, 2^-24 (smallest subnormal), +inf, -inf, NaN;
# bf: 1, -5; wide (F64): 0.1, -2.5, 1e300 (rounds to +inf as a float).
half_bits = [0x3C00, 0xC000, 0x0001, 0x7C00, 0xFC00, 0x7E00]
write("dtypes.safetensors", safetensors([
    ("half", "F16", [2, 3], struct.pack("<6H", *half_bits)),
    ("bf", "BF16", [2], struct.pack("<2H", 0x3F80, 0xC0A0)),
    ("wide", "F64", [3], struct.pack("<3d", 0.1, -2.5, 1e300)),
]))

# [[1, 2, 3], [4, 5, 6]] as little-endian float32, C order.
write("matrix.npy", npy("<f4", (2, 3), f32(1, 2, 3, 4, 5, 6)))
# The same matrix as float64 in Fortran order: the columns 1 4, 2 5, 3 6.
write("fortran.npy", npy("<f8", (2, 3), struct.pack("<6d", 1, 4, 2, 5, 3, 6), fortran=True))
# [1.5, -2, 0.25] as big-endian float32.
write("big_endian.npy", npy(">f4", (3,), struct.pack(">3f", 1.5, -2, 0.25)))
# Version 2.0 (4-byte header length): float16 [1, 2].
write("half_v2.npy", npy("<f2", (2,), struct.pack("<2H", 0x3C00, 0x4000), version=(2, 0)))
# Version 3.0: the scalar 7.
write("scalar_v3.npy", npy("<f4", (), f32(7), version=(3, 0)))
# A folder: b.npy = [10, 20], a.npy = [[1, 2]], and a file that is not .npy.
write("npy_dir/b.npy", npy("<f4", (2,), f32(10, 20)))
write("npy_dir/a.npy", npy("<f4", (1, 2), f32(1, 2)))
write("npy_dir/notes.txt", b"not a tensor; read_npy_dir passes over it\n")

write("nested.json", json.dumps(
    {"W_Q": [[1, 2], [3, 4]], "b_Q": [0.5, -0.5], "scale": 0.125}, indent=1).encode() + b"\n")
write("flat.json", json.dumps(
    {"W_K": {"shape": [2, 2], "data": [1, 2, 3, 4]}, "empty": {"shape": [0, 3], "data": []}}, indent=1).encode() + b"\n")

# --- malformed files: one thing wrong in each ------------------------------

write("bad_truncated.safetensors", small[:-4])          # last float cut off
write("bad_header_past_end.safetensors", struct.pack("<Q", 1000) + b'{"a":1}')
write("bad_int8.safetensors", safetensors([("counts", "I8", [4], bytes([1, 2, 3, 4]))]))
write("bad_magic.npy", b"\x93NUMPX" + npy("<f4", (1,), f32(1))[6:])
write("bad_truncated.npy", npy("<f4", (2, 3), f32(1, 2, 3, 4, 5, 6))[:-4])
write("bad_ragged.json", json.dumps({"W_Q": [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 2]]}).encode())
write("bad_unknown_format.txt", b"W_Q = [[1, 2], [3, 4]]\n")
