#!/usr/bin/env bash
# Runs the three tokenizer fuzz targets for SECONDS each (default 60), seeded
# with the test files, in a fresh corpus folder each.
#   fuzz/run_text_fuzz.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-fuzz}
seconds=${2:-60}
seeds=("$root/tests/data/text" "$root/samples/dict" "$root/tests/reference/jieba_sentences.txt")
for t in fuzz_dict fuzz_wordpiece fuzz_bpe; do
  corpus=$(mktemp -d)
  seed_dir=$(mktemp -d)
  for s in "${seeds[@]}"; do if [ -d "$s" ]; then cp "$s"/* "$seed_dir"/; else cp "$s" "$seed_dir"/; fi; done
  echo "== $t: $seconds s"
  "$build/fuzz/$t" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 "$corpus" "$seed_dir" 2>&1 |
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Done" || true
  rm -rf "$corpus" "$seed_dir"
done
