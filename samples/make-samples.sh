#!/usr/bin/env bash
# The committed samples and the exact commands that made them.
#   samples/make-samples.sh [BIN]           regenerate every sample folder
#   samples/make-samples.sh --check [BIN]   rebuild them in a temporary folder and
#                                           compare byte for byte (a CTest test)
# BIN defaults to build/cli/mha-explain.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
bin=${1:-$here/../build/cli/mha-explain}

# name | arguments (the sentence first). Each sample writes --out <folder>.
samples=(
  "seed|我 喜欢 吃 芝士 薯条"
  "seed-zh|我 喜欢 吃 芝士 薯条|--lang|zh"
  "seed-causal|我 喜欢 吃 芝士 薯条|--causal"
  "article|我 喜欢 吃 芝士 薯条 和 培根|--d-model|512|--heads|2"
  "cross|我 喜欢 吃 芝士 薯条|--context|I like cheese fries <pad>|--pad|<pad>|--bias"
  "masked|<pad> 我 喜欢 吃 芝士 薯条|--pad|<pad>|--causal|--bias"
  "sizes|我 喜欢 吃 芝士 薯条|--heads|3|--d-k|3|--d-v|5"
  # Real-model runs on the tiny random checkpoints of tests/data/hf (named
  # relative to the repository root, so the traces are the same in every clone).
  "gpt2-tiny|The cat was sleeping in the morning.|--model|tests/data/hf/gpt2-tiny"
  "bert-tiny-pair|How does attention work?|--model|tests/data/hf/bert-tiny|--pair|It weighs every token against the others.|--lang|zh"
)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")  # still found after the cd
cd "$here/.."

dest=$here
if [ $check -eq 1 ]; then dest=$(mktemp -d); trap 'rm -rf "$dest"' EXIT; fi
status=0
for s in "${samples[@]}"; do
  IFS='|' read -r -a parts <<<"$s"
  name=${parts[0]}
  args=("${parts[@]:1}")
  rm -rf "${dest:?}/$name"
  "$bin" "${args[@]}" --quiet --out "$dest/$name" 2>/dev/null
  if [ $check -eq 1 ]; then
    if diff -r "$here/$name" "$dest/$name" >/dev/null; then
      echo "sample $name: reproduces byte for byte"
    else
      echo "sample $name: DIFFERS from samples/$name:"; diff -rq "$here/$name" "$dest/$name" | head -5
      status=1
    fi
  else
    echo "sample $name: mha-explain ${args[*]@Q} --out samples/$name"
  fi
done
exit $status
