#!/bin/bash
# Scans the demo image to JSON, CycloneDX, SPDX and SARIF and validates each against its schema
# (tests/integration/validate_sbom.sh, validate_sarif.sh; exit 77 = skipped when node/npm are
# missing). The SARIF writer's fixture with findings of every kind is validated too.
#   sbom_validate_test.sh <moat> <moat_make_demo_image>
set -euo pipefail
moat=$1
make_image=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/moat-sbom.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$make_image" "$here/../fixtures/demo" "$work/image" >/dev/null
for f in json cyclonedx spdx sarif; do
  "$moat" scan -q -f "$f" -o "$work/report.$f.json" "$work/image/oci"
done
mv "$work/report.sarif.json" "$work/report.sarif"
# SARIF with results: the demo image against the demo advisories.
"$moat" db build --from "$here/../fixtures/demo-advisories" --db "$work/moat.db" >/dev/null
"$moat" scan -q -f sarif --db "$work/moat.db" -o "$work/report.vulns.sarif" "$work/image/oci"
bash "$here/validate_sbom.sh" "$work"/report.*.json
bash "$here/validate_sarif.sh" "$work/report.sarif" "$work/report.vulns.sarif" \
  "$here/../fixtures/report/sample.sarif"
