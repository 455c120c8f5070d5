#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages, through apt-get), then
# configures and builds mha-explain in build/ (or $MHA_BUILD_DIR).
# Quick when everything is already there: no apt-get call, an incremental build.
#   MHA_TEST_PACKAGES=1 scripts/setup.sh   also installs what only the tests need
#   MHA_SANITIZE=1 scripts/setup.sh   builds with AddressSanitizer + UBSan in build-asan/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  g++ cmake ninja-build pkg-config     # compiler and build
  libeigen3-dev                        # matrices
  libcli11-dev                         # command line
  nlohmann-json3-dev                   # JSON trace
  libstb-dev                           # PNG writing (stb_image_write) and glyphs (stb_truetype)
  zlib1g-dev                           # deflate inside the PNGs: 2x faster and 17% smaller than stb's own
  libutf8proc-dev                      # Unicode categories and NFD for the wordpiece and bpe tokenizers
  libpcre2-dev                         # tokenizer.json's Split regexes need \p{L}, (?i:…) and look-ahead
  libopenblas-dev                      # sgemm for the large products (projections, MLP): faster than Eigen's, measured
  catch2                               # tests (v2)
  fonts-wqy-microhei                   # a font with Chinese glyphs for the pictures
)
# Only the test suite needs these (scripts/test.sh sets MHA_TEST_PACKAGES=1),
# so the main job does not install a browser. A test fails, never skips, when
# one of them is missing. Not torch: Debian's python3-torch is 165 packages and
# 607 MB (OpenCV, Qt, GDAL), and tests/reference/check_bertviz_docs.py checks
# docs/bertviz.md with NumPy and torch's rules for torch.tensor instead.
if [ "${MHA_TEST_PACKAGES:-0}" = 1 ]; then
  packages+=(
    python3                            # a test recomputes the sample traces in plain Python
    python3-numpy                      # a test checks our .npy files against numpy
    python3-jsonschema                 # a test validates traces against docs/trace.schema.json
    python3-jieba                      # its dict.txt: our dict tokenizer segments as jieba does with it
    chromium                           # a test loads the --html page in a real browser, headless
    man-db                             # a test renders the installed man page with man -l
    parallel                           # corpus_cli runs docs/corpus.md's GNU parallel recipe (--pipe, 3 jobs)
  )
  # Hugging Face's tokenizers as transformers.js ports them (tests/peers/):
  # Debian's nodejs and npm, unless node and npm are already on PATH (a
  # nodejs from elsewhere bundles its npm and conflicts with Debian's).
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # Another apt-get (a parallel set-up) may hold the dpkg lock: wait for it.
  $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi

# The tokenizer.json peers (tests/peers/package-lock.json, pinned): installed
# again only when node_modules is missing or older than the lock file.
if [ "${MHA_TEST_PACKAGES:-0}" = 1 ]; then
  peers=$root/tests/peers
  if [ ! -d "$peers/node_modules" ] || [ "$peers/package-lock.json" -nt "$peers/node_modules" ]; then
    echo "setup: npm ci in tests/peers"
    (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules)
  fi
fi

if [ "${MHA_SANITIZE:-0}" = 1 ]; then
  build=${MHA_BUILD_DIR:-$root/build-asan}
  extra=(-DMHA_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
else
  build=${MHA_BUILD_DIR:-$root/build}
  extra=(-DCMAKE_BUILD_TYPE=Release)
fi
# Configured every time (a second or two): tests that need python3 are only
# added once it is installed, which test.sh may have just done.
cmake -S "$root" -B "$build" -G Ninja "${extra[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
