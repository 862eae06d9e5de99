#!/bin/bash
# Scans the demo image to JSON, CycloneDX and SPDX and validates each against its schema
# (tests/integration/validate_sbom.sh; exit 77 = skipped when node/npm are missing).
#   sbom_validate_test.sh <moat> <moat_make_demo_image>
set -euo pipefail
moat=$1
make_image=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/moat-sbom.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$make_image" "$here/../fixtures/demo" "$work/image" >/dev/null
for f in json cyclonedx spdx; do
  "$moat" scan -q -f "$f" -o "$work/report.$f.json" "$work/image/oci"
done
bash "$here/validate_sbom.sh" "$work"/report.*.json
