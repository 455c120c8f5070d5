#!/usr/bin/env bash
# The installed library as a user meets it (a CTest test):
#   tests/install/install_consumer.sh BUILD CXX [CMAKE_ARG...]
# installs BUILD into a temporary prefix (cmake --install), then
#  1. the prefix holds bin/mha-explain, the library, include/mha/ without any
#     detail/ folder, the CMake package and share/man/man1/mha-explain.1;
#  2. tests/install/consumer/ configures with find_package(mha) and the same
#     compiler CXX, seeing only the prefix, and builds (every installed header
#     is compiled too); the compiler read no header of the source or build tree;
#  3. the consumer runs: it prints the installed version, and the softmax
#     weights of the last token of "我 喜欢 吃" in head 0 exactly as the
#     installed mha-explain's trace holds them, and writes that trace byte for
#     byte (trace_to_json);
#  4. man -l renders the installed man page.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
cxx=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
status=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; status=1; }

cmake --install "$build" --prefix "$prefix" >/dev/null

# 1. The installed tree.
libdir=$(dirname "$(find "$prefix" -name 'mha-config.cmake' -path '*/cmake/mha/*')")
for f in bin/mha-explain include/mha/pipeline.hpp include/mha/core/version.hpp share/man/man1/mha-explain.1; do
  [ -f "$prefix/$f" ] && ok "installed $f" || bad "not installed: $f"
done
[ -f "$libdir/mha-config-version.cmake" ] && [ -f "$libdir/mha-targets.cmake" ] && ok "installed the CMake package ($libdir)" \
  || bad "the CMake package is incomplete in $libdir"
ls "$prefix"/lib*/libmha.* >/dev/null 2>&1 && ok "installed the library" || bad "no libmha in $prefix/lib*"
private=$(find "$prefix" -name detail)
[ -z "$private" ] && ok "no detail/ folder installed" || bad "private headers installed: $private"

# 2. The consumer project, against the prefix alone.
if cmake -S "$here/consumer" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
     -DCMAKE_PREFIX_PATH="$prefix" "$@" >"$tmp/configure.log" 2>&1 \
   && cmake --build "$tmp/build" >"$tmp/build.log" 2>&1; then
  ok "the consumer configures (find_package(mha)) and builds with $cxx"
else
  bad "the consumer does not build:"; tail -n 30 "$tmp/configure.log" "$tmp/build.log" 2>/dev/null
  exit 1
fi
# What the compiler read, from ninja's dependency log: mha's headers come
# from the prefix, nothing from the source tree's src/ or from the build tree.
# (ninja writes some paths relative to the build folder: made absolute).
deps=$(cd "$tmp/build" && ninja -t deps | sed -n 's/^    //p' | sort -u | xargs realpath -m)
from_prefix=$(grep -c "^$prefix/include/mha/" <<<"$deps" || true)
strays=$(grep -E "^($root/src/|$build/)" <<<"$deps" || true)
if [ "$from_prefix" -gt 0 ] && [ -z "$strays" ]; then
  ok "the consumer read $from_prefix of mha's headers, all from the prefix"
else
  [ -n "$strays" ] || strays="none of the mha headers from the prefix"
  bad "the consumer read headers outside the prefix: $(head -n 3 <<<"$strays" | tr '\n' ' ')..."
fi

# 3. Its output against the installed command line's trace of the same run.
out=$("$tmp/build/consumer" "$tmp/consumer.json")
"$prefix/bin/mha-explain" "我 喜欢 吃" -q --json "$tmp/cli.json" 2>/dev/null
version=$("$prefix/bin/mha-explain" --version)
[ "$(sed -n 1p <<<"$out")" = "mha ${version#mha-explain }" ] && ok "the consumer's version is the CLI's ($version)" \
  || bad "version: consumer says '$(sed -n 1p <<<"$out")', the CLI '$version'"
row=$(sed -n 2p <<<"$out")
# The weights 吃 gives 我, 喜欢, 吃 in head 0 (seed 42, d_model 8): about
# 0.2191, 0.6348, 0.1461 (the last digits depend on the build's FMA), exactly
# the row the trace holds.
if grep -qF "$row]" "$tmp/cli.json" && awk -v r="$row" 'BEGIN {
     gsub(/[][ ]/, "", r); n = split(r, w, ",");
     exit !(n == 3 && (w[1] - 0.2191)^2 < 1e-8 && (w[2] - 0.6348)^2 < 1e-8 && (w[3] - 0.1461)^2 < 1e-8) }'; then
  ok "the consumer's A_0 row of 吃 $row is the trace's"
else
  bad "the consumer's A_0 row of 吃 is $row; expected about [0.2191, 0.6348, 0.1461] and the row of $tmp/cli.json"
fi
cmp -s "$tmp/consumer.json" "$tmp/cli.json" && ok "the consumer's trace_to_json is the CLI's --json, byte for byte" \
  || bad "the consumer's trace differs from the CLI's: $(cmp "$tmp/consumer.json" "$tmp/cli.json" 2>&1)"

# 4. The man page renders (man-db is installed by scripts/setup.sh for the tests).
if ! command -v man >/dev/null; then
  bad "man is not installed (Debian's man-db; MHA_TEST_PACKAGES=1 scripts/setup.sh installs it)"
else
  page=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$prefix/share/man/man1/mha-explain.1" 2>"$tmp/man.err")
  if [ ! -s "$tmp/man.err" ] && grep -q "^MHA-EXPLAIN(1)" <<<"$page" && grep -qF -- "--tokenizer {whitespace," <<<"$page" \
     && grep -qF "$version" <<<"$page"; then
    ok "man -l renders the installed page ($(wc -l <<<"$page") lines, footer '$version')"
  else
    bad "man -l: $(head -c 300 "$tmp/man.err")$(head -n 3 <<<"$page")"
  fi
fi
exit $status
