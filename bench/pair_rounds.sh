# Sourced by the *_vs_torch.sh benchmarks. pair_rounds ROUNDS OURS TORCH runs
# the two commands (each a string, eval-ed here) in turn ROUNDS times; each
# prints one line with median=MS. Prints every line with the load average,
# then the ratio ours/torch round by round, and the median ratio.
pair_rounds() {
  local rounds=$1 ours_cmd=$2 torch_cmd=$3 o t r
  local -a ratios=()
  field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
  for r in $(seq "$rounds"); do
    o=$(eval "$ours_cmd")
    t=$(eval "$torch_cmd")
    echo "round $r (load $(cut -d' ' -f1 /proc/loadavg)): $o"
    echo "round $r: $t"
    ratios+=("$(awk -v o="$(echo "$o" | field median)" -v t="$(echo "$t" | field median)" -v r="$r" \
      'BEGIN { printf "round %d: ours %.1f ms, torch %.1f ms, ours/torch = %.2f", r, o, t, o / t }')")
  done
  echo
  printf '%s\n' "${ratios[@]}"
  printf '%s\n' "${ratios[@]}" | sed 's/.*= //' | sort -n | awk '{ v[NR] = $1 } END { printf "median ours/torch = %.2f over %d rounds\n", v[int((NR + 1) / 2)], NR }'
}
