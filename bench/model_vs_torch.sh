#!/usr/bin/env bash
# mha-explain --model against a PyTorch eager GPT-2 forward (issue 6's
# target), side by side in one run on one machine: a GPT-2-small-shaped
# checkpoint (12 blocks, 12 heads, 768 wide, 50257 tokens, random F32
# weights written by tests/reference/make_hf_cases.py --gpt2-small; not
# committed), 128 tokens, all 144 attention maps kept, the last position's
# logits.
#
#   bash bench/model_vs_torch.sh [BUILD_DIR] [ROUNDS] [CHECKPOINT_DIR]
#
# Alternating ROUNDS times, each side 1 warm-up + 5 timed forwards in its
# own process (build/bench/model_bench, bench/torch_gpt2_bench.py), then
# the whole CLI once under /usr/bin/time for its peak memory.
# Needs Debian's python3-torch (and python3-regex to write the checkpoint).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
rounds=${2:-3}
ckpt=${3:-/tmp/gpt2-small}
py=/usr/bin/python3
"$py" -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch (apt-get install python3-torch)"; exit 77; }
[ -f "$ckpt/model.safetensors" ] || "$py" "$root/tests/reference/make_hf_cases.py" --gpt2-small "$ckpt"

. "$root/bench/pair_rounds.sh"
pair_rounds "$rounds" '"$build/bench/model_bench" "$ckpt" 128 5' \
  '"$py" "$root/bench/torch_gpt2_bench.py" --model "$ckpt" --tokens 128 --repeat 5'
# The CLI as a user runs it, everything in one process: peak resident memory
# against the checkpoint's size (target: at most 1.2x).
text=$("$py" -c "print(' the cat sat on a warm mat' * 18)")
/usr/bin/time -f '%M' -o /tmp/model_vs_torch.mem "$build/cli/mha-explain" --model "$ckpt" -q --json /dev/null "$text" 2>/dev/null
size=$(stat -c %s "$ckpt/model.safetensors")
awk -v k="$(tail -1 /tmp/model_vs_torch.mem)" -v s="$size" \
  'BEGIN { printf "mha-explain --model (whole CLI, --json): peak RSS %.1f MiB, checkpoint %.1f MiB, ratio %.2f\n", k / 1024, s / 1048576, k * 1024 / s }'
