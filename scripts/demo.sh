#!/bin/bash
# The main job on an embedded default: build Moat, build the small demo image that Moat makes
# itself (tests/fixtures/demo, no Docker needed), and print its inventory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release moat moat_make_demo_image
build/release/tests/tools/moat_make_demo_image tests/fixtures/demo build/demo-image >/dev/null
echo "== moat scan build/demo-image/demo.docker.tar" >&2
build/release/src/cli/moat scan build/demo-image/demo.docker.tar
