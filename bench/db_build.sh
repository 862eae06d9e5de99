#!/bin/bash
# `moat db build` over every feed in ../shared/data/advisories: wall time (best and median of
# RUNS), peak memory, database size; then lookup latency with moat_db_lookup.
# Usage: bench/db_build.sh [MOAT_BINARY] [MOAT_DB_LOOKUP_BINARY]   (RUNS=5 by default)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
moat="${1:-${MOAT_BINARY:-$here/../build/release/src/cli/moat}}"
lookup="${2:-$(dirname "$moat")/../../bench/moat_db_lookup}"
feeds="$here/../../shared/data/advisories"
runs="${RUNS:-5}"
if [ ! -d "$feeds" ]; then
  echo "skip: $feeds is absent" >&2
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "moat: $moat"
echo "feeds: $feeds ($(find "$feeds" -type f | wc -l) files, $(du -sh "$feeds" | cut -f1))"
echo "cpus: $(nproc)"
times=()
for i in $(seq "$runs"); do
  rm -f "$work/moat.db"
  /usr/bin/time -f "%e %M" -o "$work/time" "$moat" db build --from "$feeds" --db "$work/moat.db" \
    > "$work/out" 2> "$work/err"
  read -r wall rss < "$work/time"
  times+=("$wall")
  echo "run $i: ${wall} s wall, peak RSS $((rss / 1024)) MiB; $(tail -1 "$work/out")"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "best ${sorted[0]} s, median ${sorted[$((runs / 2))]} s over $runs runs"
echo "database: $(stat -c %s "$work/moat.db") bytes"
if [ -x "$lookup" ]; then
  "$lookup" "$work/moat.db" 5
else
  echo "lookup benchmark not built ($lookup)"
fi
