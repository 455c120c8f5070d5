#!/usr/bin/env bash
# No installed header includes one that is not installed (a CTest test):
#   tests/install/check_headers.sh BUILD
# installs BUILD into a temporary prefix and reads every #include of every
# header under include/mha/: "mha/..." must be installed there (so never a
# detail/ header), <...> must be the standard library or Eigen (the one public
# dependency): never nlohmann, stb, utf8proc, zlib or CLI11, which the
# library keeps to itself. Then it plants an include of a private header in a
# copy and checks that the check refuses it.
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null

# Prints one line per bad include of the headers under $1/mha.
bad_includes() {
  local include=$1
  find "$include/mha" -name '*.hpp' | sort | while read -r header; do
    sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*([<"][^>"]+[>"]).*/\1/p' "$header" | while read -r inc; do
      name=${inc:1:${#inc}-2}
      case "$inc" in
        \"mha/*|\<mha/*) [ -f "$include/$name" ] || echo "${header#"$include"/} includes $inc, which is not installed" ;;
        \<Eigen/*) ;;
        \<*) [[ "$name" =~ ^[a-z_]+$ ]] || echo "${header#"$include"/} includes $inc, not a standard or public header" ;;
        *) echo "${header#"$include"/} includes $inc, not under mha/" ;;
      esac
    done
  done
}

headers=$(find "$tmp/prefix/include/mha" -name '*.hpp' | wc -l)
found=$(bad_includes "$tmp/prefix/include")
if [ -n "$found" ]; then
  echo "FAIL installed headers that include what is not installed:"
  echo "$found"
  exit 1
fi
echo "ok   the $headers installed headers include only installed headers, the standard library and Eigen"

# The check can fail: a copy whose pipeline.hpp includes a private header and nlohmann.
cp -r "$tmp/prefix/include" "$tmp/planted"
printf '#include "mha/io/detail/json_document.hpp"\n#include <nlohmann/json.hpp>\n' >>"$tmp/planted/mha/pipeline.hpp"
planted=$(bad_includes "$tmp/planted")
if [ "$(wc -l <<<"$planted")" -eq 2 ]; then
  echo "ok   a planted include of a private header and of nlohmann is refused:"
  sed 's/^/       /' <<<"$planted"
else
  echo "FAIL the check let planted includes through: '$planted'"
  exit 1
fi
