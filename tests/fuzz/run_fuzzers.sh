#!/bin/bash
# Runs every libFuzzer binary in DIR for SECONDS each, starting from the checked-in seeds in
# tests/fuzz/corpus/<name>/, JOBS targets at a time (default: the CPU count). A crash, leak or
# timeout fails the run.
#   run_fuzzers.sh <dir with *_fuzz binaries> <seconds>
set -euo pipefail
dir=$1
seconds=$2
jobs=${JOBS:-$(nproc)}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/moat-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

run_one() {
  local bin=$1 name seeds=()
  name=$(basename "$bin")
  mkdir -p "$work/$name"
  [ -d "$here/corpus/$name" ] && seeds=("$here/corpus/$name")
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
      "$work/$name" "${seeds[@]}" >"$work/$name.log" 2>&1; then
    echo "fuzz $name: ok ($(grep -c . "$work/$name.log" || true) log lines)" >"$work/$name.result"
  else
    { echo "fuzz $name: FAILED"; tail -40 "$work/$name.log"; } >"$work/$name.result"
    touch "$work/$name.failed"
  fi
}

running=0
for bin in "$dir"/*_fuzz; do
  [ -x "$bin" ] || continue
  run_one "$bin" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait
cat "$work"/*.result
if compgen -G "$work/*.failed" >/dev/null; then exit 1; fi
