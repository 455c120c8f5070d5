#!/usr/bin/env bash
# mha-explain --model on a Llama-family checkpoint against the torch forward
# a user would write (bench/torch_llama_bench.py: float32, eager attention
# with every map kept), side by side in one run on one machine, at the same
# thread count. The checkpoint is Qwen2.5-0.5B-shaped (24 blocks, 14 query /
# 2 key-value heads, width 896, MLP 4864, vocabulary 151 936, tied, random
# BF16: 988 MB), written by tests/reference/make_llama_cases.py --qwen2-0.5b
# (not committed). TOKENS tokens, all 24 × 14 = 336 attention maps kept, the
# last position's logits.
#
#   bash bench/llama_vs_torch.sh [BUILD_DIR] [ROUNDS] [CHECKPOINT_DIR] [TOKENS] [THREADS]
#
# Alternating ROUNDS times, each side 1 warm-up + 3 timed forwards in its own
# process (build/bench/model_bench on up to 4 threads, capped by the cores: 2
# here; torch with torch.set_num_threads(THREADS)), then the whole CLI once under /usr/bin/time for
# its peak memory against the file (issue 12's targets: at most 0.5× the
# time, at most 1.3× the BF16 file). Needs Debian's python3-torch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
rounds=${2:-3}
ckpt=${3:-/tmp/qwen2-0.5b}
tokens=${4:-256}
threads=${5:-2}
py=/usr/bin/python3
"$py" -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch (apt-get install python3-torch)"; exit 77; }
[ -f "$ckpt/model.safetensors" ] || "$py" "$root/tests/reference/make_llama_cases.py" --qwen2-0.5b "$ckpt"

. "$root/bench/pair_rounds.sh"
echo "threads: torch $threads, ours min(4, cores) = $(( $(nproc) < 4 ? $(nproc) : 4 )); gemm: see each line"
pair_rounds "$rounds" '"$build/bench/model_bench" "$ckpt" "$tokens" 3' \
  '"$py" "$root/bench/torch_llama_bench.py" --model "$ckpt" --tokens "$tokens" --repeat 3 --threads "$threads"'
# The CLI as a user runs it, everything in one process: peak resident memory
# against the checkpoint's size: 16 sentences, 256 tokens with the tokenizer
# make_llama_cases.py puts beside the checkpoint (16 tokens each).
text=$("$py" -c "print('我喜欢吃芝士薯条。' * 16)")
/usr/bin/time -f '%M %e' -o /tmp/llama_vs_torch.mem \
  "$build/cli/mha-explain" --model "$ckpt" --truncate -q --json /dev/null "$text" 2>/dev/null
size=$(stat -c %s "$ckpt/model.safetensors")
read -r kib secs < <(tail -1 /tmp/llama_vs_torch.mem)
awk -v k="$kib" -v s="$size" -v e="$secs" \
  'BEGIN { printf "mha-explain --model (whole CLI, --json): %.1f s, peak RSS %.1f MiB, checkpoint %.1f MiB, ratio %.2f\n", e, k / 1024, s / 1048576, k * 1024 / s }'
