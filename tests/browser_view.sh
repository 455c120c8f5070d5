#!/usr/bin/env bash
# The --html page in a real browser: Debian's chromium loads it headless from
# file:// (no network), runs its script, and we read the DOM it leaves and a
# screenshot. Fails when chromium is not installed (scripts/test.sh installs it).
#   browser_view.sh path/to/mha-explain OUT_DIR [path/to/model_page]
# OUT_DIR keeps the pages and screenshots (seed.png, …) for a person to look at.
# With model_page (tests/model_page.cpp), --model-shaped pages are checked too.
# What it checks, and why:
#  - the script ran to the end: the root element says data-ready="1";
#  - the head view's token elements are the sentence's tokens, in order, on
#    both sides (我 喜欢 吃 芝士 薯条), and data-tokens says the same;
#  - one toggle and one colour chip per head, and every head's lines and
#    heatmap drawn: 2 for the default run, 4 for --heads 4;
#  - the explanation is HTML: 25 step <details> and 26 matrix <table>s for
#    the seed (counted above the checks), no <pre>; a model page's a head
#    table per layer;
#  - every line of the head view is drawn when nothing is pointed at (25 per
#    head for 5 × 5 weights, all > 0); a focused query (#q=4) draws only its
#    own 5 lines, of the heads the address asks for;
#  - n = 512 stays usable: the page loads and draws the 3 strongest keys per
#    query (512 · 3 lines per head) instead of 512² lines;
#  - the screenshot is a 1400 × 900 PNG with something drawn on it;
#  - model pages: a layer at a time (layer 0 first, a selector with every
#    layer), a thumbnail per captured (layer, head) in the overview, the
#    rollout drawn, a statistics row per head, the predictions in a table;
#    #layer=2&heads=1 shows that one head; #open=1/3 clicks the thumbnail of
#    layer 1, head 3, which opens it (and outlines only that thumbnail); BERT's
#    second segment is marked; 12 × 12 heads of 128 tokens load and draw.
set -u
bin=$1
out=$2
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "FAIL browser_view: chromium not found (Debian: chromium; scripts/test.sh installs it: MHA_TEST_PACKAGES=1 scripts/setup.sh)"
  exit 1
fi
rm -rf "$out" && mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# Root has no sandbox to drop into; a fresh profile per run; a hung browser
# is stopped after 60 s.
chrome() {
  timeout -k 5 60 "$browser" --headless --disable-gpu --no-sandbox --no-first-run --disable-extensions \
    --hide-scrollbars --user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
}
# dom PAGE[#ADDRESS]: the DOM after the page's script ran, into $out/dom.html
dom() { chrome --dump-dom "file://$out/$1" >"$out/dom.html"; }
# attr NAME: the value of data-NAME on the root element of $out/dom.html
attr() { grep -o '<main id="mha-view"[^>]*>' "$out/dom.html" | grep -o " data-$1=\"[^\"]*\"" | sed 's/^[^"]*"//; s/"$//'; }
# tokens SIDE: the texts of the head view's token elements on side q or k, one line each
tokens() { grep -o "<div class=\"tok[^\"]*\" data-side=\"$1\"[^>]*>[^<]*<" "$out/dom.html" | sed 's/.*>\(.*\)</\1/'; }
# expect_attr NAME VALUE WHAT
expect_attr() { [ "$(attr "$1")" = "$2" ] && ok || bad "$3: data-$1 is '$(attr "$1")', expected '$2'"; }

seed="我 喜欢 吃 芝士 薯条"
"$bin" "$seed" -q --html "$out/seed.html" 2>/dev/null || bad "mha-explain --html failed"
"$bin" "$seed" -q --heads 4 --html "$out/seed-4-heads.html" 2>/dev/null || bad "mha-explain --heads 4 --html failed"

dom seed.html
expect_attr ready 1 "seed"
[ "$(tokens q | tr '\n' ' ')" = "我 喜欢 吃 芝士 薯条 " ] && ok || bad "seed: query tokens: $(tokens q | tr '\n' ' ')"
[ "$(tokens k | tr '\n' ' ')" = "我 喜欢 吃 芝士 薯条 " ] && ok || bad "seed: key tokens: $(tokens k | tr '\n' ' ')"
expect_attr tokens '[&quot;我&quot;,&quot;喜欢&quot;,&quot;吃&quot;,&quot;芝士&quot;,&quot;薯条&quot;]' "seed"
expect_attr heads 2 "seed"
expect_attr head-toggles 2 "seed"
[ "$(grep -o 'class="chip"' "$out/dom.html" | wc -l)" -eq 2 ] && ok || bad "seed: not 2 colour chips"
expect_attr heads-drawn 2 "seed"
expect_attr matrices 2 "seed"
expect_attr mode all "seed"
expect_attr lines 50 "seed (2 heads × 5 × 5)"
# The explanation is HTML, not the terminal's lines: a <details> per step
# (tokenize, embed, position, project_q/k/v, the split, 7 per head without a
# mask, concat, output: 7 + 2 × 8 + 2 = 25, the unapplied mask counted), a
# <table> per matrix (E, P, X, W_Q, Q, W_K, K, W_V, V: 9; per head Q_i, K_i,
# V_i, S_i, Ŝ_i, A_i, C_i: 2 × 7; Z, W_O, Y: 3 = 26), no <pre>.
count_dom() { grep -o "$1" "$out/dom.html" | wc -l; }
[ "$(count_dom '<details class="step"')" -eq 25 ] && ok || bad "seed: $(count_dom '<details class="step"') step sections in the explanation, expected 25"
[ "$(count_dom '<table class="matrix')" -eq 26 ] && ok || bad "seed: $(count_dom '<table class="matrix') matrix tables in the explanation, expected 26"
[ "$(count_dom '<pre')" -eq 0 ] && ok || bad "seed: a <pre> in the page"
grep -q '<caption><code>W_Q</code> \[8 × 8\]</caption>' "$out/dom.html" && ok || bad "seed: no table of W_Q with its caption"

dom seed-4-heads.html
expect_attr ready 1 "4 heads"
expect_attr heads 4 "4 heads"
expect_attr head-toggles 4 "4 heads"
[ "$(grep -o 'class="chip"' "$out/dom.html" | wc -l)" -eq 4 ] && ok || bad "4 heads: not 4 colour chips"
expect_attr heads-drawn 4 "4 heads"
expect_attr matrices 4 "4 heads"
[ "$(tokens q | tr '\n' ' ')" = "我 喜欢 吃 芝士 薯条 " ] && ok || bad "4 heads: query tokens: $(tokens q | tr '\n' ' ')"

# The address keeps query 4 (薯条) in focus and shows heads 1 and 3 only.
dom "seed-4-heads.html#q=4&heads=1,3"
expect_attr mode focus "#q=4"
expect_attr heads-drawn 2 "#q=4&heads=1,3"
expect_attr lines 10 "#q=4&heads=1,3 (2 heads × 5 keys)"
expect_attr matrices 2 "#q=4&heads=1,3"

# n = 512, causal: rows 0 and 1 have fewer than 3 keys (1 and 2), so
# 2 heads × (512 · 3 − 3) lines.
"$bin" "$(seq -f 't%g' 0 511 | tr '\n' ' ')" -q --causal --d-model 16 --html "$out/n512.html" 2>/dev/null \
  || bad "mha-explain n = 512 --html failed"
dom n512.html
expect_attr ready 1 "n = 512"
expect_attr mode top-3 "n = 512"
expect_attr lines 3066 "n = 512"
[ "$(tokens q | wc -l)" -eq 512 ] && ok || bad "n = 512: $(tokens q | wc -l) query token elements"
grep -q '<p id="head-note">512 query tokens' "$out/dom.html" && ok || bad "n = 512: the page does not say it draws the strongest keys only"

# The screenshot: a PNG of the window's size. A blank white page compresses to
# a few kilobytes; the drawn page (text, lines, heatmaps) to tens.
chrome --screenshot="$out/seed.png" --window-size=1400,900 "file://$out/seed.html" >/dev/null
if [ -s "$out/seed.png" ]; then
  [ "$(head -c 8 "$out/seed.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && ok || bad "screenshot is not a PNG"
  size=$(od -An -tu1 -j16 -N8 "$out/seed.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
  [ "$size" = 1400x900 ] && ok || bad "screenshot is $size, expected 1400x900"
  [ "$(stat -c %s "$out/seed.png")" -gt 30000 ] && ok || bad "screenshot is $(stat -c %s "$out/seed.png") bytes: blank?"
else
  bad "no screenshot (see $out/chromium.log)"
fi
chrome --screenshot="$out/seed-4-heads-focus.png" --window-size=1400,900 "file://$out/seed-4-heads.html#q=4" >/dev/null

# --model pages, written by model_page from the test fixtures.
model_page=${3:-}
if [ -n "$model_page" ]; then
  "$model_page" "$out" || bad "model_page failed"
  # count PATTERN: how often it occurs in $out/dom.html
  count() { grep -o "$1" "$out/dom.html" | wc -l; }
  dom gpt2.html
  expect_attr ready 1 "gpt2"
  expect_attr layers 3 "gpt2"
  expect_attr layer 0 "gpt2"
  expect_attr heads 4 "gpt2: layer 0's heads"
  expect_attr thumbnails 12 "gpt2: 3 layers × 4 heads"
  expect_attr rollout 1 "gpt2"
  expect_attr stats-rows 12 "gpt2"
  expect_attr heads-drawn 4 "gpt2"
  expect_attr matrices 4 "gpt2"
  expect_attr mode all "gpt2"
  expect_attr lines 84 "gpt2 (4 heads × 21 causal pairs of 6 tokens)"
  [ "$(tokens q | tr '\n' ' ')" = "the cat sat on the mat " ] && ok || bad "gpt2: query tokens: $(tokens q | tr '\n' ' ')"
  # The selectors: 3 layers; "all heads" and 4 heads.
  [ "$(count '<option')" -eq 8 ] && grep -q '<select id="layer-select">' "$out/dom.html" && ok \
    || bad "gpt2: $(count '<option') choices in the layer and head selectors, expected 3 + 5"
  [ "$(count 'class="thumb[ "]')" -eq 12 ] && ok || bad "gpt2: $(count 'class="thumb[ "]') thumbnails"
  [ "$(count 'class="thumb current"')" -eq 4 ] && ok || bad "gpt2: $(count 'class="thumb current"') thumbnails outlined, expected layer 0's 4"
  grep -q '<td class="token">mat</td><td>40.0 %</td><td>3.50</td>' "$out/dom.html" && ok || bad "gpt2: no prediction row for mat"
  # Its explanation: a table of heads per layer (3), with a row per head.
  [ "$(count '<table class="heads">')" -eq 3 ] && ok || bad "gpt2: $(count '<table class="heads">') head tables in the explanation, expected 3"
  dom "gpt2.html#layer=2&heads=1"
  expect_attr layer 2 "#layer=2&heads=1"
  expect_attr heads-drawn 1 "#layer=2&heads=1"
  expect_attr lines 21 "#layer=2&heads=1"
  expect_attr matrices 1 "#layer=2&heads=1"
  dom "gpt2.html#open=1/3"
  expect_attr layer 1 "#open=1/3"
  expect_attr heads-drawn 1 "#open=1/3"
  expect_attr matrices 1 "#open=1/3"
  [ "$(count 'class="thumb current" data-layer="1" data-head="3"')" -eq 1 ] && [ "$(count 'class="thumb current"')" -eq 1 ] \
    && ok || bad "#open=1/3: not only the thumbnail of layer 1, head 3 outlined"
  grep -q '<tr data-layer="1" data-head="3" class="current">' "$out/dom.html" && ok || bad "#open=1/3: its statistics row not marked"
  dom bert.html
  expect_attr ready 1 "bert"
  expect_attr lines 72 "bert (2 heads × 6 × 6, no mask)"
  expect_attr stats-rows 4 "bert"
  [ "$(count 'class="tok segment-b"')" -eq 4 ] && ok || bad "bert: $(count 'class="tok segment-b"') tokens of the second segment marked, expected 2 per side"
  grep -q '<th>\[SEP\]</th>' "$out/dom.html" && ok || bad "bert: no [SEP] column in the statistics"
  dom gpt2-large.html
  expect_attr ready 1 "12 × 12 × 128"
  expect_attr thumbnails 144 "12 × 12 × 128"
  expect_attr stats-rows 144 "12 × 12 × 128"
  expect_attr mode top-3 "12 × 12 × 128"
  expect_attr lines 4572 "12 × 12 × 128 (12 heads × (128 · 3 − 3))"
  chrome --screenshot="$out/gpt2-large.png" --window-size=1400,1800 "file://$out/gpt2-large.html" >/dev/null
  [ "$(stat -c %s "$out/gpt2-large.png" 2>/dev/null || echo 0)" -gt 100000 ] && ok || bad "gpt2-large: no screenshot, or a blank one"
fi

echo "browser_view: $pass passed, $fail failed (pages and screenshots in $out)"
[ "$fail" -eq 0 ]
