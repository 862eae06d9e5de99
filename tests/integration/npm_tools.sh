# Sourced by the validators: installs pinned npm packages once into a tools directory.
#   install_npm_tools DIR WHAT PACKAGE@VERSION...
# Exits 77 (ctest: skipped) when node/npm are missing or the npm registry cannot serve them. The
# stamp names the package list, so changing a pin reinstalls.
install_npm_tools() {
  local tools=$1 what=$2
  shift 2
  local stamp
  stamp="$tools/.installed-$(echo "$*" | sha256sum | cut -c1-16)"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "SKIP: node and npm are needed to validate $what" >&2
    exit 77
  fi
  if [[ ! -f "$stamp" ]]; then
    mkdir -p "$tools"
    [[ -f "$tools/package.json" ]] ||
      echo "{\"name\":\"moat-$(basename "$tools")\",\"private\":true}" >"$tools/package.json"
    if ! npm install --prefix "$tools" --no-audit --no-fund --silent "$@" >&2; then
      echo "SKIP: could not install the $what validators from the npm registry" >&2
      exit 77
    fi
    touch "$stamp"
  fi
}
