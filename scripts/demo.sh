#!/bin/bash
# The main job on an embedded default: build Moat, build the small demo image that Moat makes
# itself (tests/fixtures/demo, no Docker needed) and a vulnerability database from the demo
# advisories (tests/fixtures/demo-advisories), and scan the image: inventory and
# vulnerabilities with their fixes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release moat moat_make_demo_image
build/release/tests/tools/moat_make_demo_image tests/fixtures/demo build/demo-image >/dev/null
build/release/src/cli/moat db build --from tests/fixtures/demo-advisories \
  --db build/demo-image/moat.db >/dev/null
echo "== moat scan --db build/demo-image/moat.db build/demo-image/demo.docker.tar" >&2
build/release/src/cli/moat scan --db build/demo-image/moat.db build/demo-image/demo.docker.tar
