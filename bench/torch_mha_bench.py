#!/usr/bin/python3
"""The torch side of the attention speed benchmark (issue 3).

Loads a safetensors file of torch.nn.MultiheadAttention weights (F32, the
module's state_dict names), runs one self-attention forward pass over a
random [1, N, E] input with need_weights=True, average_attn_weights=False
under torch.inference_mode(): one warm-up, then R timed runs.

    bench/torch_mha_bench.py --write-weights W.safetensors --dim 768 [--seed S]
    bench/torch_mha_bench.py --weights W.safetensors --tokens 512 --heads 12 --repeat 20
    bench/torch_mha_bench.py --tokens 512      # writes random weights to a temp dir first
    add --threads T to set torch's intra-op threads (default: torch's choice)

Prints one line:
    torch load_ms=... build_ms=... forward_median_ms=... forward_min_ms=... threads=... blas=...
load_ms is reading the file into float32 arrays
(tests/reference/safetensors_io.py); build_ms is constructing the module
(which draws its own default init) and load_state_dict; blas is what torch.__config__.show() names, plus the BLAS
library actually mapped into the process (Debian's torch says "generic" and
links libblas.so.3, which update-alternatives points at e.g. OpenBLAS).
"""
import argparse
import math
import os
import statistics
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))
import safetensors_io  # noqa: E402


def write_weights(path, dim, seed):
    """Random F32 weights for nn.MultiheadAttention(dim, ...) in torch's names:
    matrices ~ N(0, 1/dim), biases ~ N(0, 0.1^2)."""
    gen = torch.Generator().manual_seed(seed)
    shapes = {
        "in_proj_weight": (3 * dim, dim),
        "in_proj_bias": (3 * dim,),
        "out_proj.weight": (dim, dim),
        "out_proj.bias": (dim,),
    }
    tensors = {}
    for name, shape in shapes.items():
        scale = 0.1 if len(shape) == 1 else 1 / math.sqrt(dim)
        tensors[name] = ((torch.randn(shape, generator=gen) * scale).numpy(), "F32")
    meta = {"module": "torch.nn.MultiheadAttention", "embed_dim": dim, "seed": seed, "note": "benchmark weights"}
    safetensors_io.write(path, tensors, meta)


def blas_name():
    config = torch.__config__.show()
    said = next((part.split("=", 1)[1] for part in config.replace(",", " ").split() if part.startswith("BLAS_INFO=")), "?")
    if "openblas" in config.lower():
        said = "OpenBLAS"
    with open("/proc/self/maps") as maps:
        libs = sorted({os.path.basename(line.split()[-1]) for line in maps if "blas" in line.lower() and "/" in line})
    return f"{said}(config) mapped={'+'.join(libs) or 'none'}"


def bench(weights_path, tokens, heads, repeat):
    start = time.perf_counter()
    tensors, _, _ = safetensors_io.read(weights_path)
    load_ms = (time.perf_counter() - start) * 1e3
    start = time.perf_counter()
    state = {name: torch.from_numpy(array) for name, array in tensors.items()}
    dim = state["out_proj.weight"].shape[0]
    module = torch.nn.MultiheadAttention(dim, heads, batch_first=True).eval()
    module.load_state_dict(state)
    build_ms = (time.perf_counter() - start) * 1e3

    x = torch.randn(1, tokens, dim, generator=torch.Generator().manual_seed(1))
    times = []
    with torch.inference_mode():
        for run in range(repeat + 1):
            start = time.perf_counter()
            module(x, x, x, need_weights=True, average_attn_weights=False)
            if run:  # run 0 is the warm-up
                times.append((time.perf_counter() - start) * 1e3)
    print(
        f"torch load_ms={load_ms:.2f} build_ms={build_ms:.2f} forward_median_ms={statistics.median(times):.2f}"
        f" forward_min_ms={min(times):.2f} threads={torch.get_num_threads()} blas={blas_name()}"
        f" tokens={tokens} heads={heads} dim={dim} repeat={repeat} version={torch.__version__}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", help="safetensors file of MHA weights (F32)")
    parser.add_argument("--tokens", type=int, default=512)
    parser.add_argument("--heads", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write-weights", metavar="FILE", help="write random weights and exit")
    parser.add_argument("--dim", type=int, default=768, help="embed_dim for --write-weights (and the temp file)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.write_weights:
        write_weights(args.write_weights, args.dim, args.seed)
        return
    if args.weights:
        bench(args.weights, args.tokens, args.heads, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"mha_{args.dim}.safetensors")
        write_weights(path, args.dim, args.seed)
        bench(path, args.tokens, args.heads, args.repeat)


if __name__ == "__main__":
    main()
