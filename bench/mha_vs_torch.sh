#!/usr/bin/env bash
# mha-explain against PyTorch (issue 3's speed target), side by side in one
# run on one machine: a 768-wide nn.MultiheadAttention weights file (F32
# safetensors, PyTorch's names), n = 512 tokens, 12 heads, per-head weights
# kept (torch: need_weights=True, average_attn_weights=False).
#
#   bash bench/mha_vs_torch.sh [BUILD_DIR] [ROUNDS]
#
# In-process, alternating ROUNDS times (each side: 1 warm-up + 10 timed runs):
#   torch  load (read the file) + build (module, load_state_dict) + forward
#   ours   load (read + check + map the names) + layer (project … output,
#          every step kept in the trace)
# Whole process, as a user runs it: `mha-explain --weights W --heads 12 -q
# TEXT` (tokenize, embed, the layer, the trace) against `python3
# torch_mha_bench.py --repeat 1` (import torch, load, warm-up + 1 forward).
# Needs Debian's python3-torch (and libopenblas0-pthread for OpenBLAS).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
rounds=${2:-3}
py=/usr/bin/python3
"$py" -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch (apt-get install python3-torch)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
w=$tmp/mha768.safetensors
"$py" "$root/bench/torch_mha_bench.py" --write-weights "$w" --dim 768 >/dev/null
text=$("$py" -c "print(' '.join('w%d' % i for i in range(512)))")

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
# Equal thread counts: ours MHA_THREADS=T; torch set_num_threads(T) with
# OpenBLAS's own pool at T too (OPENBLAS_NUM_THREADS: Debian's torch calls
# libopenblas, whose pool otherwise takes every core whatever torch is told).
# "torch default" is what a user gets without setting anything.
for threads in 1 2 default; do
  ours_layer=() torch_fwd=() ours_total=() torch_total=()
  for r in $(seq "$rounds"); do
    if [ "$threads" = default ]; then
      o=$("$build/bench/attention_bench" "$w" 512 12 10)
      t=$("$py" "$root/bench/torch_mha_bench.py" --weights "$w" --tokens 512 --heads 12 --repeat 10)
    else
      o=$(MHA_THREADS=$threads "$build/bench/attention_bench" "$w" 512 12 10)
      t=$(OPENBLAS_NUM_THREADS=$threads "$py" "$root/bench/torch_mha_bench.py" --weights "$w" --tokens 512 --heads 12 --repeat 10 --threads "$threads")
    fi
    echo "threads $threads round $r: $o"
    echo "threads $threads round $r: $t"
    ours_layer+=("$(echo "$o" | field layer_median_ms)")
    torch_fwd+=("$(echo "$t" | field forward_median_ms)")
    ours_total+=("$(echo "$o" | awk '{for(i=1;i<=NF;i++){split($i,a,"=");v[a[1]]=a[2]}} END{print v["load_ms"]+v["layer_median_ms"]}')")
    torch_total+=("$(echo "$t" | awk '{for(i=1;i<=NF;i++){split($i,a,"=");v[a[1]]=a[2]}} END{print v["load_ms"]+v["build_ms"]+v["forward_median_ms"]}')")
  done
  ol=$(med "${ours_layer[@]}") tf=$(med "${torch_fwd[@]}") ot=$(med "${ours_total[@]}") tt=$(med "${torch_total[@]}")
  echo "threads $threads: in-process medians over $rounds rounds (ms): layer ours $ol, forward torch $tf, ratio ours/torch $(ratio "$ol" "$tf"); load + forward ours $ot, torch $tt, ratio $(ratio "$ot" "$tt")"
done
# The projections' rate beside sgemm's on the same shapes ([512, 768]·[768, 768]).
"$build/bench/attention_bench" --sgemm 512 768 768 20 || true

now() { date +%s.%N; }
po=() pt=()
for r in $(seq "$rounds"); do
  s=$(now); "$build/cli/mha-explain" --weights "$w" --heads 12 -q "$text" 2>/dev/null; po+=("$(awk "BEGIN{print ($(now) - $s) * 1000}")")
  s=$(now); "$py" "$root/bench/torch_mha_bench.py" --weights "$w" --tokens 512 --heads 12 --repeat 1 >/dev/null; pt+=("$(awk "BEGIN{print ($(now) - $s) * 1000}")")
done
pom=$(med "${po[@]}") ptm=$(med "${pt[@]}")
echo "whole process medians (ms): mha-explain $pom, python + torch $ptm, ratio $(ratio "$pom" "$ptm")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
