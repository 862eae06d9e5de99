#!/usr/bin/env bash
# Validates SARIF files written by `moat scan --format sarif`: against the official SARIF 2.1.0
# JSON schema (the copy @microsoft/sarif-multitool-linux ships, checked by its SHA-256) with ajv
# (draft 2020-12, formats checked), and against GitHub code scanning's upload rules (limits, rule
# references, security-severity, fingerprints). The package's own `Sarif.Multitool validate` is
# not used: offline it loads no rules and reports nothing, even for an invalid file.
#
#   tests/integration/validate_sarif.sh FILE...
#
# Installs its tools once into $MOAT_TOOLS_DIR/sarif-validate (default /var/tmp/moat-tools).
# Exit codes: 0 all valid, 1 a file is invalid, 2 usage, 77 tools unavailable (ctest skip).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 FILE.sarif..." >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="${MOAT_TOOLS_DIR:-/var/tmp/moat-tools}/sarif-validate"
# Pinned versions: bump them together, the stamp makes the next run reinstall. The multitool
# package (43 MB) is here for its sarif-2.1.0.json; validate_sarif.js checks that file's hash.
packages=(
  "@microsoft/sarif-multitool-linux@5.7.0"
  "ajv@8.17.1"
  "ajv-formats@3.0.1"
)
# shellcheck source=npm_tools.sh
source "$here/npm_tools.sh"
install_npm_tools "$tools" SARIF "${packages[@]}"

NODE_PATH="$tools/node_modules" exec node "$here/validate_sarif.js" "$@"
