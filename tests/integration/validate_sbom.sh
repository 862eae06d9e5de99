#!/usr/bin/env bash
# Validates reports written by `moat scan --format cyclonedx|spdx|json` with third-party tools:
# CycloneDX against the official 1.5 JSON schema (@cyclonedx/cyclonedx-library, strict ajv),
# SPDX 2.3 against the spec's required fields and id rules, with license expressions checked by
# spdx-expression-parse and every purl parsed by packageurl-js; a Moat JSON report (--format
# json) against docs/formats/scan-json.schema.json with ajv (draft 2020-12).
#
#   tests/integration/validate_sbom.sh FILE...     (the format of each file is detected)
#
# Installs its tools once into $MOAT_TOOLS_DIR/sbom-validate (default /var/tmp/moat-tools).
# Exit codes: 0 all valid, 1 a file is invalid, 2 usage, 77 tools unavailable (ctest skip).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 SBOM.json..." >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="${MOAT_TOOLS_DIR:-/var/tmp/moat-tools}/sbom-validate"
# Pinned versions: bump them together, the stamp makes the next run reinstall.
packages=(
  "@cyclonedx/cyclonedx-library@10.3.0"
  "ajv@8.17.1"
  "ajv-formats@3.0.1"
  "ajv-formats-draft2019@1.6.1"
  "packageurl-js@2.0.1"
  "spdx-expression-parse@4.0.0"
)
# shellcheck source=npm_tools.sh
source "$here/npm_tools.sh"
install_npm_tools "$tools" SBOMs "${packages[@]}"

NODE_PATH="$tools/node_modules" exec node "$here/validate_sbom.js" "$@"
