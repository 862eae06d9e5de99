#!/bin/bash
# Runs every test: installs dependencies, builds Release and ASan+UBSan (clang) builds, starts
# the services the tests need (Docker's registry, PostgreSQL; the peer test image and Trivy when
# ../shared is present), runs ctest, runs each fuzz target for a bounded time, and stops the
# services.
#   FUZZ_SECONDS=<n>   seconds per fuzz target (default 20)
#   SKIP_ASAN=1        only the Release build (quick local runs)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
export MOAT_TESTENV=${MOAT_TESTENV:-/var/tmp/moat-testenv}
export CCACHE_DIR=${CCACHE_DIR:-/var/tmp/moat-ccache}

bash scripts/install-deps.sh

echo "== release build" >&2
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release -j"$JOBS"

services=()
cleanup() {
  for s in "${services[@]}"; do bash "$s" stop >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
if [ -f tests/integration/registry_env.sh ]; then
  echo "== starting local registries" >&2
  bash tests/integration/registry_env.sh start >&2
  services+=("$ROOT/tests/integration/registry_env.sh")
  eval "$(bash tests/integration/registry_env.sh env)"
fi
if [ -f tests/integration/postgres_env.sh ]; then
  echo "== starting PostgreSQL on loopback" >&2
  services+=("$ROOT/tests/integration/postgres_env.sh")
  bash tests/integration/postgres_env.sh start >&2
  eval "$(bash tests/integration/postgres_env.sh env)"
fi
if [ -d ../shared/tools ]; then
  echo "== peer test image and Trivy (../shared present)" >&2
  services+=("$ROOT/tests/integration/peer_env.sh")
  bash tests/integration/peer_env.sh >&2
  eval "$(bash tests/integration/peer_env.sh env)"
else
  echo "== ../shared is absent: tests that need it will be skipped" >&2
fi

echo "== tests (release)" >&2
ctest --test-dir build/release --output-on-failure -j"$JOBS"

if [ "${SKIP_ASAN:-0}" != 1 ]; then
  echo "== ASan+UBSan build (clang) with fuzz targets" >&2
  CC=clang CXX=clang++ cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMOAT_SANITIZE=ON -DMOAT_FUZZ=ON >/dev/null
  ninja -C build/asan -j"$JOBS" moat_unit_tests moat_fuzzers
  echo "== unit tests (ASan+UBSan)" >&2
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan -L unit --output-on-failure -j"$JOBS"
  echo "== fuzz targets, ${FUZZ_SECONDS}s each" >&2
  bash tests/fuzz/run_fuzzers.sh build/asan/tests/fuzz "$FUZZ_SECONDS"
fi
