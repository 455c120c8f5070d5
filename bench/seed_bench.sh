#!/usr/bin/env bash
# The seed sentence end to end, as a user runs it: process start, explanation,
# JSON trace, view.html and all PNGs written. Prints the median, minimum and 90th
# percentile wall time over N runs (default 50). Target (issue 2): median <= 30 ms.
# The times include starting the process from bash (about 1 ms for /bin/true).
# Most of a run is drawing and compressing the PNGs; build/bench/png_encode_bench
# shows the compression alone.
#   bench/seed_bench.sh [BIN] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/cli/mha-explain}
n=${2:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { "$bin" "我 喜欢 吃 芝士 薯条" --out "$tmp/out" >/dev/null 2>&1; }
run  # warm the page cache (binary, font)
times=()
for ((i = 0; i < n; i++)); do
  rm -rf "$tmp/out"
  start=$(date +%s%N)
  run
  end=$(date +%s%N)
  times+=($(((end - start) / 1000)))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
echo "seed sentence, --out (explanation + trace.json + view.html + $(ls "$tmp/out/png" | wc -l) PNGs), $n runs:"
echo "  median $(ms "${sorted[$((n / 2))]}") ms   min $(ms "${sorted[0]}") ms   p90 $(ms "${sorted[$((n * 9 / 10))]}") ms   (target: median <= 30 ms)"
