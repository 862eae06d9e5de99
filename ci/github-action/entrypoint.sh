#!/bin/bash
# The Moat GitHub Action's scan step (ci/github-action/action.yml): scans INPUT_IMAGE once,
# writes SARIF to INPUT_SARIF_FILE, uploads the result to the Moat center when INPUT_SERVER is
# set (the token travels in $MOAT_TOKEN, never on the command line), and exits with moat's code:
# 0 pass, 1 the --fail-on gate failed, 2 usage, 3 runtime error (including a failed upload).
# Inputs (environment): INPUT_IMAGE (required), INPUT_SERVER, INPUT_TOKEN, INPUT_FAIL_ON,
# INPUT_SEVERITY, INPUT_SCANNERS, INPUT_SARIF_FILE (default moat.sarif), INPUT_MOAT_VERSION
# (checked against `moat version`), INPUT_ARGS (extra flags, split on spaces); MOAT_BIN (default
# `moat` on PATH). Outputs ($GITHUB_OUTPUT): exit-code, gate (pass|fail|error), sarif-file.
set -uo pipefail

moat=${MOAT_BIN:-moat}
image=${INPUT_IMAGE:-}
sarif=${INPUT_SARIF_FILE:-moat.sarif}

fail() {
  echo "::error title=moat::$1" >&2
  exit "${2:-3}"
}

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

[ -n "$image" ] || fail "the image input is required" 2
command -v "$moat" >/dev/null 2>&1 ||
  fail "moat not found (MOAT_BIN=$moat): install it before this step or set moat-path" 3
if [ -n "${INPUT_MOAT_VERSION:-}" ]; then
  have=$("$moat" version | awk '{print $2}')
  [ "$have" = "${INPUT_MOAT_VERSION#v}" ] ||
    fail "moat-version ${INPUT_MOAT_VERSION} requested but $moat is version $have" 3
fi

args=(scan -f sarif -o "$sarif")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_SEVERITY:-}" ] && args+=(--severity "$INPUT_SEVERITY")
[ -n "${INPUT_SCANNERS:-}" ] && args+=(--scanners "$INPUT_SCANNERS")
# Only the server input decides whether to upload: a MOAT_SERVER left in the runner's
# environment must not send reports somewhere the workflow did not name.
unset MOAT_SERVER
if [ -n "${INPUT_SERVER:-}" ]; then
  [ -n "${INPUT_TOKEN:-}" ] || fail "the server input needs the token input (a Moat API token)" 2
  export MOAT_TOKEN=$INPUT_TOKEN
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::add-mask::$INPUT_TOKEN"; fi
  args+=(--upload "$INPUT_SERVER")
fi
# shellcheck disable=SC2206 # extra flags are space-separated on purpose
[ -n "${INPUT_ARGS:-}" ] && args+=($INPUT_ARGS)
args+=("$image")

"$moat" "${args[@]}"
code=$?
case $code in
  0) gate=pass ;;
  1) gate=fail ;;
  *) gate=error ;;
esac
output exit-code "$code"
output gate "$gate"
output sarif-file "$sarif"
if [ "$gate" = fail ]; then
  echo "::error title=moat::$image failed the gate (--fail-on ${INPUT_FAIL_ON:-})"
fi
exit "$code"
