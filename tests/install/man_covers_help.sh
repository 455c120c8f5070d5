#!/usr/bin/env bash
# The man page and --help list the same long options (a CTest test):
#   tests/install/man_covers_help.sh BIN docs/mha-explain.1
# Every long option of `BIN --help` has an entry (.TP heading) in the man
# page, and every entry names an option --help has, so the two cannot drift.
set -euo pipefail
bin=$1
page=$2
help_options=$( ("$bin" --help; "$bin" corpus --help; "$bin" merge --help) | grep -oE '^ +(-[a-zA-Z],)?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+' | sort -u)
# The line after each .TP is the entry's heading: `.BI \-\-dict " file"`.
man_options=$(awk 'heading { print; heading = 0 } /^\.TP/ { heading = 1 }' "$page" \
  | grep -oE '\\-\\-[a-z0-9\\-]+' | sed 's/\\-/-/g' | sort -u)
status=0
missing=$(comm -23 <(echo "$help_options") <(echo "$man_options"))
extra=$(comm -13 <(echo "$help_options") <(echo "$man_options"))
[ -z "$missing" ] || { echo "FAIL in --help, not in $page: $(echo $missing)"; status=1; }
[ -z "$extra" ] || { echo "FAIL in $page, not in --help: $(echo $extra)"; status=1; }
[ $status -eq 0 ] && echo "ok   the $(wc -l <<<"$help_options") long options of --help each have an entry in $page, and no other"
exit $status
