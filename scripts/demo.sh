#!/bin/bash
# The main job on an embedded default: build Moat, build the small demo image that Moat makes
# itself (tests/fixtures/demo, no Docker needed) and a vulnerability database from the demo
# advisories (tests/fixtures/demo-advisories), start the center (`moat server`, SQLite in a fresh
# data dir, 127.0.0.1 only, with the web console) in the background, scan the demo image into
# it (`moat scan --upload`, shown as a CI/CD image), and print the center's URL and admin token.
#   MOAT_DEMO_LISTEN=127.0.0.1:8080   where the center listens
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release moat moat_make_demo_image moat_web
MOAT=build/release/src/cli/moat
build/release/tests/tools/moat_make_demo_image tests/fixtures/demo build/demo-image >/dev/null
"$MOAT" db build --from tests/fixtures/demo-advisories --db build/demo-image/moat.db >/dev/null

CENTER=build/demo-center
if [ -f "$CENTER/server.pid" ]; then
  kill "$(cat "$CENTER/server.pid")" 2>/dev/null || true
  sleep 1
fi
rm -rf "$CENTER"
mkdir -p "$CENTER"
echo "== moat server --data-dir $CENTER (SQLite) --listen ${MOAT_DEMO_LISTEN:-127.0.0.1:8080}" >&2
nohup "$MOAT" server --data-dir "$CENTER" --db build/demo-image/moat.db \
  --listen "${MOAT_DEMO_LISTEN:-127.0.0.1:8080}" >"$CENTER/server.out" 2>"$CENTER/server.log" &
echo $! >"$CENTER/server.pid"
for _ in $(seq 1 100); do
  grep -q '^first admin token' "$CENTER/server.out" 2>/dev/null && break
  kill -0 "$(cat "$CENTER/server.pid")" 2>/dev/null || { cat "$CENTER/server.log" >&2; exit 3; }
  sleep 0.1
done
URL=$(sed -n 's/^moat center listening on //p' "$CENTER/server.out")
TOKEN=$(sed -n 's/^first admin token.*: //p' "$CENTER/server.out")
[ -n "$URL" ] && [ -n "$TOKEN" ] || { echo "moat server did not start" >&2; cat "$CENTER/server.log" >&2; exit 3; }

echo "== moat scan --db build/demo-image/moat.db --upload $URL build/demo-image/demo.docker.tar" >&2
MOAT_TOKEN=$TOKEN "$MOAT" scan --db build/demo-image/moat.db --upload "$URL" \
  build/demo-image/demo.docker.tar

cat <<MSG

The center is running at $URL (pid $(cat "$CENTER/server.pid"), log $CENTER/server.log).
Admin token (shown once): $TOKEN
Web console: open $URL in a browser and sign in with that token.
  curl -H "Authorization: Bearer $TOKEN" "$URL/api/v1/images?type=ci-cd"
Stop it with: kill \$(cat $CENTER/server.pid)
MSG
