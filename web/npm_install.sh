#!/bin/bash
# Installs the console's npm packages exactly as locked (npm ci), but only when node_modules was
# not installed from this very package-lock.json, so a rebuild never deletes a working tree's
# node_modules needlessly. Uses the npm cache first (--prefer-offline).
set -euo pipefail
cd "$1"
want=$(sha256sum package-lock.json | cut -d' ' -f1)
mark=node_modules/.moat-lock-sha256
if [ -f "$mark" ] && [ "$(cat "$mark")" = "$want" ]; then
  exit 0
fi
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
echo "$want" >"$mark"
