#!/usr/bin/env bash
# Set up, build, and run the whole test suite (Catch2 tests, command-line
# smoke tests, byte-for-byte samples) through CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
MHA_TEST_PACKAGES=1 bash "$root/scripts/setup.sh"
build=${MHA_BUILD_DIR:-$root/build}
[ "${MHA_SANITIZE:-0}" = 1 ] && build=${MHA_BUILD_DIR:-$root/build-asan}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
