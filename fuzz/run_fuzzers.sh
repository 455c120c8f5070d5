#!/usr/bin/env bash
# Runs each tensor-reader fuzzer for SECONDS (default 60), seeded with the
# committed samples in tests/data/tensors/. New corpus entries go to
# build-fuzz/corpus/<target> (never into the committed folder), crashes to
# build-fuzz/crashes/. Usage, from the repository root after building:
#   fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
set -euo pipefail
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_safetensors fuzz_npy fuzz_tensor_json)
mkdir -p build-fuzz/crashes
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "== $t, ${seconds} s"
  "build-fuzz/fuzz/$t" "build-fuzz/corpus/$t" tests/data/tensors \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$t-"
done
