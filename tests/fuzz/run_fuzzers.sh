#!/bin/bash
# Runs every libFuzzer binary in DIR for SECONDS each, starting from the checked-in seeds in
# tests/fuzz/corpus/<name>/. A crash, leak or timeout fails the run.
#   run_fuzzers.sh <dir with *_fuzz binaries> <seconds>
set -euo pipefail
dir=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/moat-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
for bin in "$dir"/*_fuzz; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  mkdir -p "$work/$name"
  seeds=()
  [ -d "$here/corpus/$name" ] && seeds=("$here/corpus/$name")
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
      "$work/$name" "${seeds[@]}" >"$work/$name.log" 2>&1; then
    echo "fuzz $name: ok ($(grep -c . "$work/$name.log" || true) log lines)"
  else
    echo "fuzz $name: FAILED"; tail -40 "$work/$name.log"; failed=1
  fi
done
exit $failed
