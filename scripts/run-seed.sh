#!/usr/bin/env bash
# The main job: set up, build, and explain the seed sentence
# "我 喜欢 吃 芝士 薯条", writing explanation.txt, trace.json, view.html and png/ into
# out/seed/ (or the folder given as the first argument).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
out=${1:-$root/out/seed}
"$root/build/cli/mha-explain" "我 喜欢 吃 芝士 薯条" --out "$out"
echo
echo "Open $out: explanation.txt (the text above), trace.json (every number), view.html (in a browser), png/ (heatmaps)."
