#!/usr/bin/env bash
# mha-explain corpus and merge as a user runs them (a CTest test), on the tiny
# GPT-2 (tests/data/hf/gpt2-tiny: 2 blocks × 4 heads, 64 positions):
#   tests/corpus_cli.sh BIN
# Each check prints "ok" with the number it expected and why, or FAIL.
# The comparisons of JSON are in tests/reference/corpus_check.py.
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
model=$here/data/hf/gpt2-tiny
check="python3 $here/reference/corpus_check.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
fail() { echo "FAIL $*"; status=1; }
ok() { echo "ok   $*"; }

# 12 good sentences and 4 bad lines: bad JSON (line 4), empty text (7),
# invalid UTF-8 bytes (10), a 10 000-character text (13: 5000 tokens, the
# model has 64 positions, so refused without --truncate).
python3 - <<'PY'
import json
texts = ["The cat sat on the mat", "A dog ran in the park", "Hello world", "the quick brown fox",
         "jumps over the lazy dog", "I like cheese", "tea or coffee", "one two three four five",
         "a b c d e f g", "The end", "Once upon a time", "hat and mat"]
lines, good = [], iter(texts)
for n in range(1, 17):
    if n == 4: lines.append(b'{"id": "bad", "text": "no closing quote}')
    elif n == 7: lines.append(b'{"id": "empty", "text": ""}')
    elif n == 10: lines.append(b'{"id": "bytes", "text": "caf\xc3"}')
    elif n == 13: lines.append(json.dumps({"id": "long", "text": "a " * 5000}).encode())
    else: lines.append(json.dumps({"id": "s%d" % n, "text": next(good)}).encode())
open("corpus.jsonl", "wb").write(b"\n".join(lines) + b"\n")
PY
"$bin" corpus --model "$model" --input corpus.jsonl --out whole 2>/dev/null || fail "corpus run exited $?"
if $check counts whole 12 "4:bad_json,7:empty_text,10:invalid_utf8,13:refused"; then
  ok "broken lines: 12 sentences in sentences.jsonl (16 lines less the 4 bad), the 4 bad ones listed with their line and kind"
else fail "broken lines"; fi
"$bin" corpus --model "$model" --input corpus.jsonl --out cut --truncate 2>/dev/null || fail "--truncate run exited $?"
$check counts cut 13 "4:bad_json,7:empty_text,10:invalid_utf8" && ok "--truncate: 13 sentences (the long one cut to 64 positions), 3 bad lines"

# Each record equals a single-sentence --model run's head_stats (trace.json), tokens and all.
same=0
for n in 1 2 3 14; do
  text=$(sed -n "${n}p" corpus.jsonl | python3 -c 'import json,sys; print(json.load(sys.stdin)["text"])')
  "$bin" --model "$model" "$text" --json one$n.json -q 2>/dev/null || fail "single run of line $n"
  $check record whole/sentences.jsonl $n one$n.json && same=$((same + 1))
done
[ $same -eq 4 ] && ok "4 of 4 records equal their single-sentence trace.json's head_stats and tokens" || fail "records vs single runs: $same of 4"

# Split in 3 parts, run each, merge (in a shuffled order): the whole run's stats.
grep -a -v '"long"' corpus.jsonl > good.jsonl  # 15 lines: 12 good, 3 bad
sed -n 1,5p good.jsonl > p1.jsonl; sed -n 6,9p good.jsonl > p2.jsonl; sed -n '10,$p' good.jsonl > p3.jsonl
"$bin" corpus --model "$model" --input good.jsonl --out all 2>/dev/null
for p in p1 p2 p3; do "$bin" corpus --model "$model" --input $p.jsonl --out $p 2>/dev/null || fail "part $p"; done
"$bin" merge --out merged.json p3/stats.json p1/stats.json p2/stats.json 2>/dev/null || fail "merge exited $?"
$check stats all/stats.json merged.json && ok "split in 3 + merge: counts exactly, sums within 1e-9 relative of one run"
cmp -s all/stats.json merged.json && ok "split in 3 + merge: the same bytes as one run (exact sums)" || fail "merged bytes differ"

# kill -9 at a random point, then --resume: the bytes of an uninterrupted run.
python3 -c "
import json
for i in range(1500): print(json.dumps({'id': 'k%d' % i, 'text': ['The cat sat on the mat', 'Hello world', 'x'][i % 3] + ' %d' % i}))
" > long.jsonl
"$bin" corpus --model "$model" --input long.jsonl --out straight 2>/dev/null
killed=0
for attempt in 1 2 3 4 5; do
  rm -rf resumed
  "$bin" corpus --model "$model" --input long.jsonl --out resumed 2>/dev/null &
  pid=$!
  sleep "0.$((RANDOM % 6 + 2))"
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  done_lines=$(cat resumed/sentences.jsonl resumed/errors.jsonl 2>/dev/null | wc -l)
  if [ "$done_lines" -gt 0 ] && [ "$done_lines" -lt 1500 ] && [ ! -e resumed/stats.json ]; then killed=1; break; fi
done
if [ $killed = 1 ]; then
  "$bin" corpus --model "$model" --input long.jsonl --out resumed --resume 2>/dev/null || fail "--resume exited $?"
  same=0
  for f in sentences.jsonl errors.jsonl stats.json heads.png; do cmp -s straight/$f resumed/$f && same=$((same + 1)); done
  [ $same -eq 4 ] && ok "kill -9 after $done_lines of 1500 lines, then --resume: 4 of 4 files byte-identical to an uninterrupted run" \
    || fail "kill -9 + --resume: $same of 4 files identical"
else fail "could not kill a run mid-way in 5 attempts"; fi

# The docs' GNU parallel recipe (docs/corpus.md), 3 local jobs, 5 lines a job.
if command -v parallel >/dev/null; then
  parallel --pipe -N 5 -j3 "$bin corpus --model $model --input - --out shards/{#}" < good.jsonl 2>/dev/null \
    || fail "parallel exited $?"
  "$bin" merge --out parallel.json shards/*/stats.json 2>/dev/null
  n=$(ls -d shards/* | wc -l)
  cmp -s all/stats.json parallel.json && [ "$n" -eq 3 ] \
    && ok "parallel --pipe -N 5 -j3 over 15 lines: 3 shards, merged stats.json byte-identical to one run" \
    || fail "parallel recipe: $n shards, merged differs"
else fail "GNU parallel is not installed (apt-get install parallel; scripts/setup.sh MHA_TEST_PACKAGES=1)"; fi

# Run-level failures: one line, exit 1, no output folder.
msg=$("$bin" corpus --model nowhere --input good.jsonl --out none1 2>&1); rc=$?
[ $rc -eq 1 ] && [ ! -e none1 ] && [ $(echo "$msg" | wc -l) -eq 1 ] && ok "a missing --model: exit 1, one line, no outputs" || fail "missing model: $rc $msg"
msg=$("$bin" corpus --model "$model" --input missing.jsonl --out none2 2>&1); rc=$?
[ $rc -eq 1 ] && [ ! -e none2 ] && [[ $msg == *missing.jsonl* ]] && ok "an unreadable --input: exit 1, the file named, no outputs" || fail "missing input: $rc $msg"
msg=$("$bin" corpus --model "$model" --input good.jsonl --out all 2>&1); rc=$?
[ $rc -eq 1 ] && [[ $msg == *--resume* ]] && ok "--out of an earlier run without --resume: exit 1, --resume named" || fail "rerun: $rc $msg"
echo '{"schema_version": 1}' > broken.json
msg=$("$bin" merge --out m2.json all/stats.json broken.json 2>&1); rc=$?
[ $rc -eq 1 ] && [ ! -e m2.json ] && [[ $msg == *broken.json* ]] && ok "merge of a broken stats.json: exit 1, the file named, nothing written" || fail "merge broken: $rc $msg"
exit $status
