#!/usr/bin/env bash
# The committed samples and the exact commands that made them.
#   samples/make-samples.sh [BIN]           regenerate every sample folder
#   samples/make-samples.sh --check [BIN]   the CTest test samples_reproduce:
#     1. same build, same machine, same bytes: every sample is made twice in a
#        temporary folder, the second time pinned to one core (the tool has no
#        thread option: it uses min(jobs, cores, 4) threads on a split that
#        depends only on the sizes, so its threads then interleave
#        differently), and the two must be identical byte for byte;
#     2. any x86-64 build, the committed samples: the fresh ones match them
#        file type by file type within the tolerances of
#        tests/reference/compare_samples.py (numbers to float32 precision,
#        pictures by decoded pixels, the rest exactly), since their last bits
#        depend on the build's vector instructions (MHA_SIMD);
#     3. what is made but not committed (article/trace.json) recomputes in
#        Python (tests/reference/recompute_trace.py).
# BIN defaults to build/cli/mha-explain; PYTHON (default python3) runs the checks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
bin=${1:-$here/../build/cli/mha-explain}
python=${PYTHON:-python3}

# name | arguments (the sentence first). Each sample writes --out <folder>.
samples=(
  "seed|我 喜欢 吃 芝士 薯条"
  "seed-zh|我 喜欢 吃 芝士 薯条|--lang|zh"
  "seed-causal|我 喜欢 吃 芝士 薯条|--causal"
  "article|我 喜欢 吃 芝士 薯条 和 培根|--d-model|512|--heads|2"
  "cross|我 喜欢 吃 芝士 薯条|--context|I like cheese fries <pad>|--pad|<pad>|--bias"
  "masked|<pad> 我 喜欢 吃 芝士 薯条|--pad|<pad>|--causal|--bias"
  "sizes|我 喜欢 吃 芝士 薯条|--heads|3|--d-k|3|--d-v|5"
  "seed-rope-gqa|我 喜欢 吃 芝士 薯条|--positional|rope|--heads|4|--kv-heads|2|--d-model|16"
  # Real-model runs on the tiny random checkpoints of tests/data/hf (named
  # relative to the repository root, so the traces are the same in every clone).
  "gpt2-tiny|The cat was sleeping in the morning.|--model|tests/data/hf/gpt2-tiny"
  "bert-tiny-pair|How does attention work?|--model|tests/data/hf/bert-tiny|--pair|It weighs every token against the others.|--lang|zh"
)
# Made but not committed: the article's trace is 14.5 MB, nearly all of it its
# four 512 x 512 weight matrices, which its seed makes again in every run.
declare -A not_committed=([article]="trace.json")

bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")  # still found after the cd
cd "$here/.."

# make_all DEST [PREFIX...]: every sample into DEST/<name>, the command run under PREFIX.
make_all() {
  local dest=$1 s name args
  shift
  for s in "${samples[@]}"; do
    IFS='|' read -r -a args <<<"$s"
    name=${args[0]}
    args=("${args[@]:1}")
    rm -rf "${dest:?}/$name"
    "$@" "$bin" "${args[@]}" --quiet --out "$dest/$name" 2>/dev/null
    [ $check -eq 1 ] || echo "sample $name: mha-explain ${args[*]@Q} --out samples/$name"
  done
}
# drop DEST: removes what is not committed.
drop() {
  local name f
  for name in "${!not_committed[@]}"; do
    for f in ${not_committed[$name]}; do rm -f "$1/$name/$f"; done
  done
}

if [ $check -eq 0 ]; then
  make_all "$here"
  drop "$here"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
make_all "$tmp/a"
one_core=()
if command -v taskset >/dev/null; then one_core=(taskset -c "$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')"); fi
make_all "$tmp/b" "${one_core[@]}"
if diff -r "$tmp/a" "$tmp/b" >/dev/null; then
  echo "same build, two runs (the second ${one_core[*]:-not pinned}): identical bytes"
else
  echo "same build, two runs: DIFFERENT bytes:"; diff -rq "$tmp/a" "$tmp/b" | head -10
  status=1
fi
for name in "${!not_committed[@]}"; do
  for f in ${not_committed[$name]}; do
    if [[ $f == *trace.json ]]; then
      "$python" tests/reference/recompute_trace.py "$tmp/a/$name/$f" | tail -1 || status=1
    fi
  done
done
drop "$tmp/a"
names=()
for s in "${samples[@]}"; do names+=("${s%%|*}"); done
echo "the committed samples (${names[*]}), file type by file type:"
"$python" tests/reference/compare_samples.py --report samples "$tmp/a" "${names[@]}" || status=1
exit $status
