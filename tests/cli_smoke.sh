#!/usr/bin/env bash
# The command line as a user meets it. Usage: cli_smoke.sh path/to/mha-explain
# Each check states what it expects; the script stops at the first failure.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# expect CODE DESCRIPTION -- ARGS...: runs the tool, checks the exit code,
# keeps stdout in $tmp/out and stderr in $tmp/err.
expect() {
  local code=$1 what=$2; shift 3
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$code" ]; then bad "$what: exit $got, expected $code; stderr: $(head -c 300 "$tmp/err")"; return 1; fi
  ok
}
# An error is one line on stderr that says what was wrong.
one_line_error() {
  local what=$1 needle=$2
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || { bad "$what: error is not one line: $(cat "$tmp/err")"; return; }
  grep -q -- "$needle" "$tmp/err" && ok || bad "$what: error does not say '$needle': $(cat "$tmp/err")"
}
png_size() { # prints "W H" from the IHDR chunk
  od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}

expect 0 "--help" -- --help && grep -q -- "--heads" "$tmp/out" && ok || bad "--help does not list --heads"
# --help in six groups, then examples; defaults are the library's (Config{}.seed 42, ModelRequest{}.top 5).
for group in "Text in (not with --model):" "The layer (not with --model):" "Real models:" "Outputs:" \
             "Pictures (--png, --out, --report):" "The explanation:" "Examples:"; do
  grep -qxF "$group" "$tmp/out" && ok || bad "--help has no line '$group'"
done
grep -q -- "--seed N=42 " "$tmp/out" && grep -q -- "--top K=5 " "$tmp/out" && ok || bad "--help: --seed 42, --top 5 not shown"
grep -q "Excludes:\|Needs:" "$tmp/out" && bad "--help lists CLI11's Excludes/Needs (the group titles say it)" || ok
expect 0 "--version" -- --version && grep -qx "mha-explain [0-9.]*" "$tmp/out" && ok || bad "--version: $(cat "$tmp/out")"

# The seed sentence writes exactly what it says it wrote.
expect 0 "seed sentence" -- "我 喜欢 吃 芝士 薯条" --out "$tmp/seed" --json "$tmp/t.json"
for f in explanation.txt trace.json view.html png/layer0-head0-softmax.png png/layer0-head1-softmax.png \
         png/layer0-all-heads-softmax.png; do
  [ -s "$tmp/seed/$f" ] && ok || bad "seed sentence did not write $f"
  grep -q "wrote $tmp/seed/$f" "$tmp/err" && ok || bad "seed sentence did not report $f"
done
[ "$(find "$tmp/seed" -type f | wc -l)" -eq 6 ] && ok || bad "seed sentence wrote other files: $(find "$tmp/seed" -type f)"
cmp -s "$tmp/t.json" "$tmp/seed/trace.json" && ok || bad "--json and --out traces differ"
cmp -s "$tmp/out" "$tmp/seed/explanation.txt" && ok || bad "stdout and explanation.txt differ"
grep -q "heads divide the feature columns, not the sentence" "$tmp/out" && ok || bad "no correction of the article"
[ "$(head -c 8 "$tmp/seed/png/layer0-head0-softmax.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
  && ok || bad "head picture is not a PNG"
read -r w h < <(png_size "$tmp/seed/png/layer0-head0-softmax.png")
[ "$w" -ge 200 ] && [ "$h" -ge 200 ] && ok || bad "head picture is ${w}x${h}, expected at least 200x200"
read -r w2 _ < <(png_size "$tmp/seed/png/layer0-all-heads-softmax.png")
[ "$w2" -gt "$w" ] && ok || bad "all-heads picture ($w2 wide) is not wider than one head ($w)"

# Same inputs, same bytes.
"$bin" "我 喜欢 吃 芝士 薯条" --quiet --out "$tmp/again" 2>/dev/null
diff -r "$tmp/seed" "$tmp/again" >/dev/null && ok || bad "a second run differs from the first"

# --html FILE is the page --out writes as view.html, with the explanation in it.
expect 0 "--html" -- "我 喜欢 吃 芝士 薯条" -q --html "$tmp/page.html"
cmp -s "$tmp/page.html" "$tmp/seed/view.html" && ok || bad "--html and --out's view.html differ"
head -1 "$tmp/page.html" | grep -qx '<!DOCTYPE html>' && ok || bad "--html: not an HTML page: $(head -c 100 "$tmp/page.html")"
grep -q "heads divide the feature columns, not the sentence" "$tmp/page.html" && ok || bad "--html: no explanation in the page"
# An unwritable page (a file where its folder should be): one line naming the
# path, exit 1, and neither the page nor the run's other outputs are written.
: >"$tmp/html-blocker"
expect 1 "--html under a file" -- "a b" -q --json "$tmp/html-partial.json" --html "$tmp/html-blocker/x.html" \
  && one_line_error "--html unwritable" "html-blocker"
[ ! -e "$tmp/html-partial.json" ] && [ -f "$tmp/html-blocker" ] && ok || bad "a failed --html left $tmp/html-partial.json behind"

# Chinese explanation.
expect 0 "--lang zh" -- "我 喜欢 吃" --lang zh && grep -q "多头切分的是特征列" "$tmp/out" && ok || bad "--lang zh"

# Bad input: one line, non-zero exit, nothing written.
expect 2 "no sentence" -- --heads 2
expect 2 "unknown tokenizer" -- "a b" --tokenizer nope
expect 2 "unknown option" -- "a b" --frobnicate
expect 2 "negative seed" -- "a b" --seed -1 && grep -q "expected a whole number" "$tmp/err" && ok || bad "--seed -1"
expect 2 "seed above 2^64 - 1" -- "a b" --seed 18446744073709551616
expect 1 "heads not dividing d_model" -- "a b" --heads 3 && one_line_error "heads 3" "must divide d_model (8)"
expect 1 "d_model 0" -- "a b" --d-model 0 && one_line_error "d_model 0" "expected 1 to 4096"
expect 1 "d_model huge" -- "a b" --d-model 99999999 && one_line_error "d_model huge" "expected 1 to 4096"
expect 1 "empty sentence" -- "" && one_line_error "empty" "empty"
expect 1 "only spaces" -- "   " && one_line_error "spaces" "only white space"
expect 1 "invalid UTF-8" -- $'我 \xff' && one_line_error "utf8" "invalid UTF-8 at byte 4"

# --steps, --weights, --context: a refused run is one line naming what was
# wrong, exit 1, and writes none of the outputs it was given.
# refused DESCRIPTION NEEDLE -- ARGS...
refused() {
  local what=$1 needle=$2; shift 3
  rm -rf "$tmp/none" "$tmp/none-npy" "$tmp/none.json" "$tmp/none.safetensors"
  expect 1 "$what" -- "$@" --out "$tmp/none" --npy "$tmp/none-npy" --json "$tmp/none.json" \
    --safetensors "$tmp/none.safetensors" && one_line_error "$what" "$needle"
  for f in none none-npy none.json none.safetensors; do
    [ ! -e "$tmp/$f" ] && ok || bad "$what: a refused run left $tmp/$f behind"
  done
}
# The run's own parameters as weights (and the first exports to spoil).
expect 0 "--npy" -- "a b c" -q --npy "$tmp/npy" --safetensors "$tmp/run.safetensors"
mkdir "$tmp/w"
for n in W_Q W_K W_V W_O; do cp "$tmp/npy/param.$n.npy" "$tmp/w/$n.npy"; done

refused "--steps bogus" "unknown step 'bogus'; expected one of embed, position, project_q, project_k, project_v, split_heads, qk_norm, rope, scores, scale, mask, softmax, context, concat, output" \
  -- "a b" --steps softmax,bogus
refused "--png-steps bogus" "--png-steps: unknown step 'bogus'; expected scores, scale, mask or softmax" \
  -- "a b" --png-steps softmax,bogus
refused "--kv-heads 3 of 4" "kv_heads is 3; expected a divisor of heads (4)" -- "a b" --heads 4 --kv-heads 3
refused "--positional rope, odd d_k" "--positional rope rotates pairs of features, but d_k is 3; expected an even d_k" \
  -- "a b" --d-model 6 --positional rope
refused "--rope-theta without rope" "--rope-theta sets RoPE's base; expected it with --positional rope" \
  -- "a b" --rope-theta 500000
# The run's W_K (2 heads wide) read as one key/value head: refused by name with the shape expected.
refused "--weights with --kv-heads" "tensor \"W_K\" has shape \\[8, 8\\]; expected \\[kdim, kv_heads·d_k\\] = \\[8, 4\\]" \
  -- "a b" --weights "$tmp/w" --heads 2 --kv-heads 1
refused "--weights missing" "nope.safetensors: no such file or folder" -- "a b" --weights "$tmp/nope.safetensors"
# The last 10 bytes of the data cut off: the last tensor's bytes run past the end.
head -c $(($(stat -c %s "$tmp/run.safetensors") - 10)) "$tmp/run.safetensors" >"$tmp/cut.safetensors"
refused "truncated safetensors" "run past the end of the data buffer" -- "a b" --weights "$tmp/cut.safetensors"
# W_V[7, 7], the last 4 bytes of a little-endian F32 .npy, becomes a quiet NaN (0x7fc00000).
mkdir "$tmp/nan" && cp "$tmp/w/"*.npy "$tmp/nan/"
printf '\000\000\300\177' | dd of="$tmp/nan/W_V.npy" bs=1 seek=$(($(stat -c %s "$tmp/nan/W_V.npy") - 4)) conv=notrunc 2>/dev/null
refused "NaN weight" 'tensor "W_V" holds NaN at \[7, 7\]; weights must be finite' -- "a b" --weights "$tmp/nan" --heads 2
# W_Q is [8, 8]; --d-model 16 wants 16 rows (its 8 columns still give d_k = 8 / 2 heads).
refused "weights narrower than --d-model" 'tensor "W_Q" has shape \[8, 8\]; expected \[d_model, heads·d_k\] = \[16, 8\]' \
  -- "a b" --weights "$tmp/w" --heads 2 --d-model 16
mkdir "$tmp/noq" && cp "$tmp/w/W_K.npy" "$tmp/w/W_V.npy" "$tmp/w/W_O.npy" "$tmp/noq/"
refused "weights without W_Q" "no attention weights found; expected W_Q, W_K, W_V, W_O .*; found W_K, W_O, W_V" \
  -- "a b" --weights "$tmp/noq" --heads 2
# JSON weights whose W_K reads 6-wide vectors: kdim 6, which only a context can have.
mat() { # ROWS COLS: a JSON matrix of small numbers
  awk -v r="$1" -v c="$2" 'BEGIN { printf "["; for (i = 0; i < r; i++) { printf "%s[", i ? "," : "";
    for (j = 0; j < c; j++) printf "%s%.2f", j ? "," : "", ((i * c + j) % 7 - 3) / 10; printf "]" } printf "]" }'
}
echo "{\"W_Q\": $(mat 8 8), \"W_K\": $(mat 6 8), \"W_V\": $(mat 8 8), \"W_O\": $(mat 8 8)}" >"$tmp/kdim6.json"
refused "kdim 6 without --context" "kdim 6 and vdim 8 differ from d_model 8: .*give one with --context" \
  -- "a b" --weights "$tmp/kdim6.json" --heads 2
expect 0 "kdim 6 with --context" -- "a b" --weights "$tmp/kdim6.json" --heads 2 --context "x y z" -q --json "$tmp/kdim6-trace.json"
grep -q '"kdim":6' "$tmp/kdim6-trace.json" && ok || bad "kdim 6 with --context: trace config: $(head -2 "$tmp/kdim6-trace.json")"
# W_K must still produce heads·d_k = 8 columns, like W_Q.
echo "{\"W_Q\": $(mat 8 8), \"W_K\": $(mat 6 6), \"W_V\": $(mat 8 8), \"W_O\": $(mat 8 8)}" >"$tmp/k6x6.json"
refused "--context, W_K of the wrong width" 'tensor "W_K" has shape \[6, 6\]; expected \[kdim, heads·d_k\] = \[6, 8\]' \
  -- "a b" --weights "$tmp/k6x6.json" --heads 2 --context "x y z"

# index.json lists every file --npy wrote, each once: 27 = 6 parameters
# (embedding, positional_encoding, W_Q, W_K, W_V, W_O) + 21 steps (embed,
# position, project_q/k/v, concat, output, and 7 per head: split_heads Q, K,
# V, scores, scale, softmax, context).
listed=$(grep -c '"file": ' "$tmp/npy/index.json")
files=$(find "$tmp/npy" -name '*.npy' | wc -l)
[ "$listed" -eq 27 ] && [ "$files" -eq 27 ] && ok || bad "--npy wrote $files .npy files, index.json lists $listed; expected 27"
unlisted=""
for f in "$tmp/npy/"*.npy; do
  grep -qF "\"file\": \"$(basename "$f")\"" "$tmp/npy/index.json" || unlisted+=" $(basename "$f")"
done
[ -z "$unlisted" ] && ok || bad "index.json does not list$unlisted"
# Its own exported parameters, read back with --weights, give the same numbers bit for bit.
expect 0 "--weights from the run's own export" -- "a b c" --weights "$tmp/w" --heads 2 -q --npy "$tmp/npy-again"
for f in softmax.head0.npy softmax.head1.npy output.npy; do
  cmp -s "$tmp/npy/$f" "$tmp/npy-again/$f" && ok || bad "--weights from the export: $f differs"
done
# The same with biases, which a trace exports as [1, w] rows.
expect 0 "--bias --npy" -- "a b c" --bias -q --npy "$tmp/npy-bias"
mkdir "$tmp/wb"
for n in W_Q W_K W_V W_O b_Q b_K b_V b_O; do cp "$tmp/npy-bias/param.$n.npy" "$tmp/wb/$n.npy"; done
expect 0 "--weights with biases from the run's own export" -- "a b c" --weights "$tmp/wb" --heads 2 -q \
  --npy "$tmp/npy-bias-again"
for f in softmax.head0.npy output.npy; do
  cmp -s "$tmp/npy-bias/$f" "$tmp/npy-bias-again/$f" && ok || bad "--weights with biases: $f differs"
done
# Finite weights whose products overflow float32 stop the run, naming where.
big=$(awk 'BEGIN { printf "["; for (i = 0; i < 8; i++) { printf "%s[", i ? "," : ""; for (j = 0; j < 8; j++) printf "%s1e19", j ? "," : ""; printf "]" } printf "]" }')
echo "{\"W_Q\": $big, \"W_K\": $big, \"W_V\": $(mat 8 8), \"W_O\": $(mat 8 8)}" >"$tmp/huge.json"
refused "weights that overflow" "overflows float32" -- "a b" --weights "$tmp/huge.json" --heads 2

# Issue 4's inputs on the command line. glove.txt holds the, cat, sat, on, 3 wide.
emb=$(dirname "$0")/data/embeddings
refused "--embeddings wider than --d-model" "glove.txt" -- "the cat" --embeddings "$emb/glove.txt" --d-model 8
refused "--oov error" "mat" -- "the cat mat" --embeddings "$emb/glove.txt" --oov error --heads 1
refused "--embeddings ragged" "bad_ragged.txt" -- "the cat" --embeddings "$emb/bad_ragged.txt" --heads 1
expect 0 "--embeddings" -- "the cat mat" --embeddings "$emb/glove.txt" --heads 1 -q --json "$tmp/emb.json"
grep -q '"d_model":3' "$tmp/emb.json" && grep -q '"oov_tokens": \[2\]' "$tmp/emb.json" && ok \
  || bad "--embeddings: d_model 3 and oov_tokens [2] expected: $(head -8 "$tmp/emb.json")"
grep -q 'note: .*mat' "$tmp/err" && ok || bad "--embeddings: the missing token is not reported: $(cat "$tmp/err")"
expect 0 "--tokenizer dict" -- "我喜欢吃芝士薯条" --tokenizer dict -q --json "$tmp/dict.json"
[ "$(grep -o '"text":"[^"]*"' "$tmp/dict.json" | head -5 | tr '\n' ' ')" = '"text":"我" "text":"喜欢" "text":"吃" "text":"芝士" "text":"薯条" ' ] \
  && ok || bad "--tokenizer dict: $(grep -o '"text":"[^"]*"' "$tmp/dict.json" | head -5 | tr '\n' ' ')"
refused "--tokenizer bpe without files" "needs --vocab vocab.json" -- "a b" --tokenizer bpe
# --tokenizer hf: the tiny Llama 3 tokenizer.json adds <|begin_of_text|> (423),
# "the" is 257 and " tokenizer" 420, a whole vocabulary entry that only
# ignore_merges gives (tests/data/hf-tokenizers/README.md).
hf=$(dirname "$0")/data/hf-tokenizers
expect 0 "--tokenizer hf" -- "the tokenizer" --tokenizer hf --vocab "$hf/llama3/tokenizer.json" -q --json "$tmp/hf.json"
[ "$(grep -o '"id":[0-9]*' "$tmp/hf.json" | tr '\n' ' ')" = '"id":423 "id":257 "id":420 ' ] && grep -q '"tokenizer":"hf"' "$tmp/hf.json" \
  && ok || bad "--tokenizer hf: ids $(grep -o '"id":[0-9]*' "$tmp/hf.json" | tr '\n' ' ')"
refused "--tokenizer hf without a file" "needs --vocab tokenizer.json" -- "a b" --tokenizer hf
printf '{"model": {"type": "Unigram"}}' >"$tmp/unigram.json"
refused "--tokenizer hf, a Unigram model" "model.type: model type Unigram is not supported; supported: BPE" -- "a b" --tokenizer hf --vocab "$tmp/unigram.json"

: >"$tmp/blocker"
expect 1 "unwritable folder" -- "a b" --json "$tmp/partial.json" --png "$tmp/blocker/png" \
  && one_line_error "unwritable" "blocker"
[ ! -e "$tmp/partial.json" ] && ok || bad "a failed run left $tmp/partial.json behind"
[ -z "$(find "$tmp" -name '*.partial-*')" ] && ok || bad "a failed run left temporary files"

# --bertviz: the file head_view takes; where it cannot be written, nothing is.
expect 0 "--bertviz" -- "我 喜欢 吃" -q --bertviz "$tmp/bertviz.json"
grep -q '"tokens": \["我","喜欢","吃"\]' "$tmp/bertviz.json" && grep -q '"attention": \[\[\[' "$tmp/bertviz.json" \
  && ok || bad "--bertviz: $(head -c 200 "$tmp/bertviz.json")"
expect 1 "--bertviz, unwritable" -- "a b" -q --json "$tmp/bv-partial.json" --bertviz "$tmp/blocker/bertviz.json" \
  && one_line_error "--bertviz unwritable" "blocker"
[ ! -e "$tmp/bv-partial.json" ] && [ ! -e "$tmp/blocker/bertviz.json" ] && ok || bad "a failed --bertviz left files behind"

# --report: the markdown, and the pictures it links in png/ beside it, each written and reported.
expect 0 "--report" -- "我 喜欢 吃" -q --report "$tmp/report/walk.md"
links=$(grep -o '](png/[^)]*)' "$tmp/report/walk.md" | sed 's/^](//; s/)$//')
[ "$(echo "$links" | wc -l)" -eq 3 ] && ok || bad "--report links $(echo "$links" | wc -l) pictures, expected 3 (2 heads, all heads)"
for l in $links; do
  [ -s "$tmp/report/$l" ] && grep -q "wrote $tmp/report/$l" "$tmp/err" && ok || bad "--report links $l, which the run did not write"
done
grep -q "wrote $tmp/report/walk.md" "$tmp/err" && ok || bad "--report: walk.md not reported"
# The same headings, level by level, in Chinese: 29 for 2 heads (tests/test_report.cpp counts them).
expect 0 "--report --lang zh" -- "我 喜欢 吃" -q --lang zh --report "$tmp/report-zh/walk.md"
[ "$(grep -c '^#' "$tmp/report/walk.md")" -eq 29 ] \
  && [ "$(grep -o '^#* ' "$tmp/report/walk.md")" = "$(grep -o '^#* ' "$tmp/report-zh/walk.md")" ] && ok \
  || bad "--report: English and Chinese headings differ in number or level"
# --out into the same folder: its png/ is the report's, written once.
expect 0 "--report beside --out" -- "a b" -q --out "$tmp/both" --report "$tmp/both/report.md"
[ "$(grep -c "^wrote .*\.png" "$tmp/err")" -eq 3 ] && ok || bad "--out and --report wrote the pictures twice: $(cat "$tmp/err")"
expect 0 "--report beside --png DIR/" -- "a b" -q --png "$tmp/both2/./png/" --report "$tmp/both2/report.md"
[ "$(grep -c "^wrote .*\.png" "$tmp/err")" -eq 3 ] && ok || bad "--png and --report wrote the pictures twice: $(cat "$tmp/err")"
expect 1 "--report, unwritable" -- "a b" -q --json "$tmp/rp-partial.json" --report "$tmp/blocker/r.md" \
  && one_line_error "--report unwritable" "blocker"
[ ! -e "$tmp/rp-partial.json" ] && [ -z "$(find "$tmp" -name '*.partial-*')" ] && ok || bad "a failed --report left files behind"

echo "not a font" >"$tmp/font.ttf"
expect 1 "unreadable font" -- "a b" --png "$tmp/fontpng" --font "$tmp/font.ttf" && one_line_error "font" "font.ttf"
[ ! -e "$tmp/fontpng" ] && ok || bad "a failed font left $tmp/fontpng behind"
expect 1 "missing font" -- "a b" --png "$tmp/fontpng" --font "$tmp/nope.ttf" && one_line_error "font" "nope.ttf"

# A second run into the same folder with fewer heads removes the pictures of
# the heads it no longer has, and nothing else.
expect 0 "four heads" -- "a b c" --heads 4 -q --out "$tmp/again"
: >"$tmp/again/png/notes.png"
expect 0 "two heads, same folder" -- "a b c" --heads 2 -q --out "$tmp/again"
[ "$(ls "$tmp/again/png" | tr '\n' ' ')" = "layer0-all-heads-softmax.png layer0-head0-softmax.png layer0-head1-softmax.png notes.png " ] \
  && ok || bad "stale pictures: $(ls "$tmp/again/png" | tr '\n' ' ')"
grep -q "removed .*layer0-head3-softmax.png" "$tmp/err" && ok || bad "the removal is not reported: $(cat "$tmp/err")"

# --png-steps: a heatmap per head and all heads for each step asked for;
# a later run asking for fewer steps removes the pictures of the others.
expect 0 "--png-steps scores,weights" -- "a b c" -q --png "$tmp/steps" --png-steps scores,weights \
  --colormap magma --scale fixed --cell 20
[ "$(ls "$tmp/steps" | tr '\n' ' ')" = "layer0-all-heads-scores.png layer0-all-heads-softmax.png layer0-head0-scores.png layer0-head0-softmax.png layer0-head1-scores.png layer0-head1-softmax.png " ] \
  && ok || bad "--png-steps scores,weights wrote: $(ls "$tmp/steps" | tr '\n' ' ')"
expect 0 "--png-steps softmax, same folder" -- "a b c" -q --png "$tmp/steps"
grep -q "removed .*layer0-head1-scores.png" "$tmp/err" && ok || bad "scores pictures not removed: $(cat "$tmp/err")"
expect 0 "--png-steps mask without a mask" -- "a b" -q --png "$tmp/nomask" --png-steps mask,softmax
grep -q "warning: --png-steps mask: this run masks nothing" "$tmp/err" && ok || bad "no warning for mask: $(cat "$tmp/err")"
expect 2 "--colormap jet" -- "a b" --colormap jet && grep -q "viridis" "$tmp/err" && ok || bad "--colormap jet: $(cat "$tmp/err")"
expect 2 "--cell 999" -- "a b" --cell 999

# Outputs that are not plain files. A stream (/dev/stdout, a pipe) is written
# in place and never renamed over; a symbolic link keeps pointing where it did.
"$bin" "a b" -q --json /dev/stdout 2>/dev/null | head -c 1 | grep -q '{' && ok || bad "--json /dev/stdout"
ln -s real.json "$tmp/link.json"
expect 0 "--json through a symbolic link" -- "a b" -q --json "$tmp/link.json"
[ -L "$tmp/link.json" ] && [ -s "$tmp/real.json" ] && ok || bad "the link was replaced instead of written through"
if [ -c /dev/full ]; then
  expect 1 "--json /dev/full" -- "a b" -q --json /dev/full && one_line_error "/dev/full" "/dev/full: write failed"
  [ -c /dev/full ] && ok || bad "/dev/full was replaced by a regular file"
  "$bin" "a b" >/dev/full 2>"$tmp/err"
  [ $? -eq 1 ] && one_line_error "stdout full" "standard output: write failed" || bad "a failed stdout exits 0"
fi

# Terminal heatmaps. Standard output is a file here, so --color auto gives no
# colour, and without --cells shades the text is exactly as without heatmaps.
esc=$'\x1b'
expect 0 "--color auto, output not a terminal" -- "我 喜欢 吃" --causal
! grep -q "$esc" "$tmp/out" && ok || bad "--color auto wrote escape codes into a file"
cp "$tmp/out" "$tmp/plain.txt"
expect 0 "--color never" -- "我 喜欢 吃" --causal --color never
cmp -s "$tmp/out" "$tmp/plain.txt" && ok || bad "--color never changed the text"
COLORTERM= expect 0 "--color always" -- "我 喜欢 吃" --causal --color always
grep -q "$esc\[48;5;" "$tmp/out" && ok || bad "--color always without COLORTERM: no 256-colour codes"
grep -q "as a heatmap" "$tmp/out" && ok || bad "--color always: no heatmap"
# Files never hold escape codes, even when the terminal gets colour.
expect 0 "--color always with files" -- "我 喜欢 吃" --color always --html "$tmp/colour.html" --out "$tmp/colour"
! grep -q "$esc\[" "$tmp/colour.html" "$tmp/colour/explanation.txt" "$tmp/colour/view.html" && ok \
  || bad "--color always: escape codes in the written files"
# The flag says what the user wants, over the environment (no-color.org).
NO_COLOR=1 COLORTERM=truecolor expect 0 "--color always, COLORTERM=truecolor" -- "我 喜欢 吃" --color always
grep -q "$esc\[48;2;" "$tmp/out" && ok || bad "COLORTERM=truecolor: no 24-bit codes"
expect 0 "--cells shades" -- "我 喜欢 吃" --causal --color never --cells shades
grep -q "█" "$tmp/out" && ! grep -q "$esc" "$tmp/out" && ok || bad "--cells shades without colour: $(grep -m1 -A3 'as a heatmap' "$tmp/out")"
# The file of --out never holds escape codes; the terminal's copy does.
expect 0 "--color always --out" -- "我 喜欢 吃" --causal --color always --out "$tmp/coloured"
grep -q "$esc" "$tmp/out" && cmp -s "$tmp/coloured/explanation.txt" "$tmp/plain.txt" && ok \
  || bad "--color always --out: explanation.txt differs from the plain text"
expect 2 "--color sometimes" -- "a b" --color sometimes
# On a terminal (script(1) gives one): colour unless NO_COLOR is set and not empty.
if command -v script >/dev/null; then
  on_tty() { script -qec "$(printf '%q ' "$bin" "$@")" /dev/null </dev/null; }
  NO_COLOR= on_tty "a b" >"$tmp/tty" 2>&1
  grep -q "$esc\[48;" "$tmp/tty" && ok || bad "a terminal with NO_COLOR empty got no colour"
  NO_COLOR=1 on_tty "a b" >"$tmp/tty" 2>&1
  grep -q "softmax" "$tmp/tty" && ! grep -q "$esc" "$tmp/tty" && ok || bad "NO_COLOR=1 on a terminal: escape codes, or no text"
fi

# --model: real checkpoints (tests/data/hf); broken folders are refused in
# one line with no outputs, toy-only flags beside --model are a usage error.
hf=$(cd "$(dirname "$0")/data/hf" && pwd)
expect 0 "--model gpt2" -- --model "$hf/gpt2-tiny" "The cat was sleeping" -q --json "$tmp/gpt2.json"
[ ! -s "$tmp/err" ] || grep -q "^wrote" "$tmp/err" && ok || bad "--model printed a progress line off a terminal: $(cat "$tmp/err")"
grep -q '"schema_version": 3' "$tmp/gpt2.json" && grep -q '"model": {' "$tmp/gpt2.json" && ok \
  || bad "--model: the trace is not schema 3 with a model section"
# --out for a model: explanation, trace, page, each block's grid, the overview and the rollout.
expect 0 "--model --out" -- --model "$hf/gpt2-tiny" "The cat was sleeping" -q --out "$tmp/gpt2-out"
for f in explanation.txt trace.json view.html png/layer0-all-heads-softmax.png png/layer1-all-heads-softmax.png \
         png/layers-x-heads-softmax.png png/rollout.png png/layer1-head3-softmax.png; do
  [ -s "$tmp/gpt2-out/$f" ] && ok || bad "--model --out did not write $f"
done
grep -q "Layer 1: 4 heads" "$tmp/gpt2-out/explanation.txt" && ok || bad "--model: no head table for layer 1"
# A second run keeping fewer heads removes the pictures the first wrote and this one does not.
expect 0 "--model --out again, fewer" -- --model "$hf/gpt2-tiny" "The cat was sleeping" -q --layers 1 --heads 0 \
  --out "$tmp/gpt2-out"
[ ! -e "$tmp/gpt2-out/png/layers-x-heads-softmax.png" ] && [ ! -e "$tmp/gpt2-out/png/layer1-head3-softmax.png" ] \
  && [ -s "$tmp/gpt2-out/png/layer1-head0-softmax.png" ] && ok || bad "stale model pictures left: $(ls "$tmp/gpt2-out/png")"
expect 0 "--png-heads none" -- --model "$hf/gpt2-tiny" "The cat" -q --png-heads none --png "$tmp/noheads"
! ls "$tmp/noheads" | grep -q -- "-head[0-9]" && ok || bad "--png-heads none drew heads: $(ls "$tmp/noheads")"
expect 0 "--model bert --pair" -- --model "$hf/bert-tiny" "How does attention work?" --pair "It weighs tokens." -q \
  --json "$tmp/bert.json"
expect 0 "--layers/--heads" -- --model "$hf/gpt2-tiny" "The cat" -q --layers 1 --heads 0,2-3 --json "$tmp/sel.json"
[ "$(grep -c '"step": "softmax"' "$tmp/sel.json")" -eq 3 ] && ok || bad "--layers 1 --heads 0,2-3 kept $(grep -c '"step": "softmax"' "$tmp/sel.json") maps, expected 3"
mkdir -p "$tmp/broken" && cp -r "$hf/gpt2-tiny/." "$tmp/broken/"
sed -i 's/"n_head": 4/"n_head": 5/' "$tmp/broken/config.json"
refused "--model with a config the weights do not fit" "the width 32 is not divisible by the 5 heads" \
  -- --model "$tmp/broken" "The cat"
head -c 200000 "$hf/gpt2-tiny/model.safetensors" >"$tmp/broken/model.safetensors"  # of 216752 bytes
sed -i 's/"n_head": 5/"n_head": 4/' "$tmp/broken/config.json"
refused "--model with a truncated checkpoint" "run past the end of the data buffer" -- --model "$tmp/broken" "The cat"
refused "--model with too long a text" "shorten it or pass --truncate" -- --model "$hf/gpt2-tiny" \
  "$(printf ' the cat%.0s' $(seq 40))"
expect 0 "--pad-to" -- --model "$hf/bert-tiny" "The lazy dog." --pad-to 10 -q --json "$tmp/padded.json"
[ "$(grep -c '"text":"\[PAD\]"' "$tmp/padded.json")" -eq 4 ] && ok || bad "--pad-to 10: expected 4 [PAD] tokens"
expect 1 "--pad-to for GPT-2" -- --model "$hf/gpt2-tiny" "The cat" --pad-to 10 -q
one_line_error "--pad-to for GPT-2" "--pad-to is for BERT"
expect 2 "--model with --weights" -- --model "$hf/gpt2-tiny" --weights "$tmp/w" "The cat"
grep -q "excludes" "$tmp/err" && ok || bad "--model --weights: $(cat "$tmp/err")"
expect 2 "--layers without --model" -- --layers 1 "The cat"
expect 1 "--layers out of range" -- --model "$hf/gpt2-tiny" --layers 0,7 "The cat" -q
one_line_error "--layers out of range" "--layers names block 7; the model has 2 (0 to 1)"
expect 1 "--heads not a list" -- --model "$hf/gpt2-tiny" --heads 3-1 "The cat" -q
one_line_error "--heads 3-1" "expected indices from 0 and ranges"

# The Llama family: a Qwen2 folder (BF16, tokenizer.json) with a Chinese
# sentence, in one command, and its explanation of RoPE and the shared heads.
expect 0 "--model qwen2" -- --model "$hf/qwen2-tiny-bf16" "我喜欢吃芝士薯条" -q --out "$tmp/qwen2-out"
for f in explanation.txt trace.json view.html png/layers-x-heads-softmax.png png/rollout.png; do
  [ -s "$tmp/qwen2-out/$f" ] && ok || bad "--model qwen2 --out did not write $f"
done
tr '\n' ' ' <"$tmp/qwen2-out/explanation.txt" | grep -q "4 query heads sharing 2 key/value heads" \
  && grep -q "RoPE: positions as rotations" "$tmp/qwen2-out/explanation.txt" \
  && ok || bad "--model qwen2: the explanation does not say RoPE and the shared heads"
grep -q '"tokenizer":"hf"' "$tmp/qwen2-out/trace.json" && grep -q '"kv_heads":2' "$tmp/qwen2-out/trace.json" && ok \
  || bad "--model qwen2: trace without tokenizer hf and kv_heads 2"
expect 0 "--model qwen3 --lang zh" -- --model "$hf/qwen3-tiny-sharded" "我喜欢吃芝士薯条" --lang zh --top 3
grep -q "旋转" "$tmp/out" && ok || bad "--model qwen3 --lang zh: no RoPE (旋转) in the explanation"
mkdir -p "$tmp/broken-qwen" && cp -r "$hf/qwen2-tiny-bf16/." "$tmp/broken-qwen/"
sed -i 's/"num_key_value_heads": 2/"num_key_value_heads": 3/' "$tmp/broken-qwen/config.json"
refused "--model qwen2, 4 heads over 3 key/value heads" '"num_attention_heads" 4 is not a multiple of "num_key_value_heads" 3' \
  -- --model "$tmp/broken-qwen" "我"
cp "$hf/qwen2-tiny-bf16/config.json" "$tmp/broken-qwen/config.json"
head -c 3000 "$hf/qwen2-tiny-bf16/tokenizer.json" >"$tmp/broken-qwen/tokenizer.json"
refused "--model qwen2, truncated tokenizer.json" "tokenizer.json: not valid JSON at byte 3000" -- --model "$tmp/broken-qwen" "我"
refused "--model qwen2, --pair" "--pair is for BERT's sentence pairs; this is a qwen2 model" \
  -- --model "$hf/qwen2-tiny-bf16" "我" --pair "你"

echo "cli_smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
