#!/usr/bin/env bash
# Runs the four tokenizer fuzz targets for SECONDS each (default 60), seeded
# with the test files, in a fresh corpus folder each.
#   fuzz/run_text_fuzz.sh [BUILD_DIR] [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-fuzz}
seconds=${2:-60}
seeds=("$root/tests/data/text" "$root/samples/dict" "$root/tests/reference/jieba_sentences.txt")
targets=("${@:3}")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_dict fuzz_wordpiece fuzz_bpe fuzz_hf_tokenizer)
for t in "${targets[@]}"; do
  corpus=$(mktemp -d)
  seed_dir=$(mktemp -d)
  for s in "${seeds[@]}"; do if [ -d "$s" ]; then cp "$s"/* "$seed_dir"/; else cp "$s" "$seed_dir"/; fi; done
  if [ "$t" = fuzz_hf_tokenizer ]; then  # the tokenizer.json fixtures, each file under its folder's name
    # The first byte says what the rest is (0 tokenizer.json, 1 config, 2 text).
    for f in "$root"/tests/data/hf-tokenizers/*/*.json; do
      name=$(basename "$(dirname "$f")")-$(basename "$f")
      { [ "${name%config.json}" = "$name" ] && printf '\0' || printf '\1'; cat "$f"; } >"$seed_dir/$name"
    done
    head -40 "$root/tests/reference/hf_tokenizer_sentences.txt" | while IFS= read -r line; do
      printf '\2%s' "$line" >"$seed_dir/sentence-$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
    done
  fi
  max_len=8192
  [ "$t" = fuzz_hf_tokenizer ] && max_len=32768  # a whole fixture tokenizer.json is 20 kB
  echo "== $t: $seconds s"
  "$build/fuzz/$t" -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 "$corpus" "$seed_dir" 2>&1 |
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Done" || true
  rm -rf "$corpus" "$seed_dir"
done
