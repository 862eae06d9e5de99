#!/bin/bash
# The shell part of the Jenkins step (vars/moatScan.groovy): scans MOAT_IMAGE (or $1), uploads
# the result with the build's metadata (JENKINS_URL, JOB_NAME, BUILD_NUMBER, GIT_*) to the Moat
# center when MOAT_SERVER is set (MOAT_TOKEN from the credentials binding), writes
# moat-report.sarif and moat-report.json for archiving, and exits with the gate's code:
# 0 pass, 1 the --fail-on gate failed, 2 usage, 3 runtime error (including a failed upload).
# Environment: MOAT_IMAGE, MOAT_SERVER, MOAT_TOKEN, MOAT_FAIL_ON, MOAT_SEVERITY, MOAT_SCANNERS,
# MOAT_ARGS (extra flags, split on spaces), MOAT_REPORT_DIR (default .), MOAT_BIN (default
# `moat` on PATH).
set -uo pipefail

moat=${MOAT_BIN:-moat}
image=${1:-${MOAT_IMAGE:-}}
dir=${MOAT_REPORT_DIR:-.}

if [ -z "$image" ]; then
  echo "moat-scan.sh: error: no image (set MOAT_IMAGE or pass it as the argument)" >&2
  exit 2
fi
if ! command -v "$moat" >/dev/null 2>&1; then
  echo "moat-scan.sh: error: moat not found (MOAT_BIN=$moat)" >&2
  exit 3
fi
mkdir -p "$dir" || exit 3

common=()
[ -n "${MOAT_SEVERITY:-}" ] && common+=(--severity "$MOAT_SEVERITY")
[ -n "${MOAT_SCANNERS:-}" ] && common+=(--scanners "$MOAT_SCANNERS")
# shellcheck disable=SC2206 # extra flags are space-separated on purpose
[ -n "${MOAT_ARGS:-}" ] && common+=($MOAT_ARGS)

# The gating scan: SARIF for the warnings/code-scanning plugins, the gate, and the upload
# (moat reads MOAT_SERVER and MOAT_TOKEN itself, so the token stays off the command line).
gate=()
[ -n "${MOAT_FAIL_ON:-}" ] && gate+=(--fail-on "$MOAT_FAIL_ON")
"$moat" scan -f sarif -o "$dir/moat-report.sarif" "${gate[@]}" "${common[@]}" "$image"
code=$?

# The complete JSON report for archiving. moat writes one format per run, so this is a second
# read of the image: no gate, no upload.
if [ "$code" -ne 2 ] && [ "$code" -ne 3 ]; then
  env -u MOAT_SERVER -u MOAT_TOKEN "$moat" scan -q -f json -o "$dir/moat-report.json" \
    "${common[@]}" "$image"
  json=$?
  [ "$code" -eq 0 ] && [ "$json" -ne 0 ] && code=$json
fi

case $code in
  0) echo "moat-scan.sh: $image passed the gate" >&2 ;;
  1) echo "moat-scan.sh: $image failed the gate (--fail-on ${MOAT_FAIL_ON:-})" >&2 ;;
  *) echo "moat-scan.sh: moat exited $code" >&2 ;;
esac
exit "$code"
