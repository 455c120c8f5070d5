#!/usr/bin/env bash
# The --html page in a real browser: Debian's chromium loads it headless from
# file:// (no network), runs its script, and we read the DOM it leaves and a
# screenshot. Skipped (exit 77) when chromium is not installed.
#   browser_view.sh path/to/mha-explain OUT_DIR
# OUT_DIR keeps the pages and screenshots (seed.png, …) for a person to look at.
# What it checks, and why:
#  - the script ran to the end: the root element says data-ready="1";
#  - the head view's token elements are the sentence's tokens, in order, on
#    both sides (我 喜欢 吃 芝士 薯条), and data-tokens says the same;
#  - one toggle and one colour chip per head, and every head's lines and
#    heatmap drawn: 2 for the default run, 4 for --heads 4;
#  - every line of the head view is drawn when nothing is pointed at (25 per
#    head for 5 × 5 weights, all > 0); a focused query (#q=4) draws only its
#    own 5 lines, of the heads the address asks for;
#  - n = 512 stays usable: the page loads and draws the 3 strongest keys per
#    query (512 · 3 lines per head) instead of 512² lines;
#  - the screenshot is a 1400 × 900 PNG with something drawn on it.
set -u
bin=$1
out=$2
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "browser_view: chromium not found (apt-get install chromium); skipped"
  exit 77
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

echo "browser_view: $pass passed, $fail failed (pages and screenshots in $out)"
[ "$fail" -eq 0 ]
