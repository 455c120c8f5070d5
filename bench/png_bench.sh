#!/usr/bin/env bash
# One head's picture of a long sentence, as a user runs it: n tokens (default
# 2048), --d-model 64 --heads 1, --steps softmax. Times the run with --png
# (attention + the picture: pooling 4x4, drawing, PNG encoding, writing) and
# the same run without it (attention alone), median of N runs each (default
# 15); their difference is what the picture costs. Target (issue 5): the
# picture of n = 2048 in under a second.
#   bench/png_bench.sh [BIN] [N] [TOKENS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/cli/mha-explain}
n=${2:-15}
tokens=${3:-2048}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
text=$(awk -v n="$tokens" 'BEGIN { for (i = 0; i < n; i++) printf "%st%d", i ? " " : "", i }')
args=("$text" --d-model 64 --heads 1 --steps softmax -q)

# median_ms ARGS...: the median wall time of n runs, in milliseconds.
median_ms() {
  local times=() start end
  "$bin" "${args[@]}" "$@" >/dev/null 2>&1  # warm the page cache
  for ((i = 0; i < n; i++)); do
    rm -rf "$tmp/png"
    start=$(date +%s%N)
    "$bin" "${args[@]}" "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v k=$((n / 2)) 'NR == k + 1 { printf "%.1f", $1 / 1000 }'
}

with=$(median_ms --png "$tmp/png")
files=$(ls "$tmp/png")
bytes=$(stat -c %s "$tmp/png/$files")
without=$(median_ms)
echo "n = $tokens tokens, --d-model 64 --heads 1 --steps softmax, $n runs each (medians):"
echo "  with --png:    $with ms   ($files, $bytes bytes)"
echo "  without --png: $without ms   (attention, no pictures)"
awk -v a="$with" -v b="$without" 'BEGIN { printf "  the picture:   %.1f ms   (target: under 1000 ms)\n", a - b }'
