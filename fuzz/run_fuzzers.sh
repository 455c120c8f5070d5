#!/usr/bin/env bash
# Runs each fuzzer for SECONDS (default 60), seeded with the committed
# samples: tests/data/tensors/ for the tensor readers, tests/data/embeddings/
# for the embedding parsers. New corpus entries go to
# build-fuzz/corpus/<target> (never into the committed folder), crashes to
# build-fuzz/crashes/. Usage, from the repository root after building:
#   fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
set -euo pipefail
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_safetensors fuzz_npy fuzz_tensor_json fuzz_checkpoint fuzz_glove fuzz_word2vec fuzz_embeddings_json fuzz_vocab)
mkdir -p build-fuzz/crashes
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "== $t, ${seconds} s"
  case "$t" in
    fuzz_safetensors | fuzz_npy | fuzz_tensor_json) seeds=tests/data/tensors ;;
    fuzz_checkpoint) seeds=build-fuzz/seeds-checkpoint
      mkdir -p "$seeds"
      for f in tests/data/hf/*/config.json tests/data/hf/*/model*.safetensors; do cp "$f" "$seeds/$(basename "$(dirname "$f")")-$(basename "$f")"; done ;;
    *) seeds=tests/data/embeddings ;;
  esac
  "build-fuzz/fuzz/$t" "build-fuzz/corpus/$t" "$seeds" \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$t-"
done
