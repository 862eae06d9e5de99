#!/bin/bash
# Real OCI registries (Debian's docker-registry, distribution v2) for moat's registry integration
# tests, all on 127.0.0.1 with ports the kernel picks:
#   plain : HTTP, anonymous
#   basic : HTTP, htpasswd (bcrypt) Basic auth
#   tls   : HTTPS with a certificate from a throwaway CA (SAN 127.0.0.1, localhost) + Basic auth
#   token : HTTP, bearer tokens from tests/integration/token_issuer.py (RS256 JWTs)
# Usage:
#   tests/integration/registry_env.sh start          # starts them, prints the env lines
#   eval "$(tests/integration/registry_env.sh env)"  # exports MOAT_TEST_REGISTRY_* for the tests
#   tests/integration/registry_env.sh stop           # stops them and removes the state dir
# State lives in $MOAT_REGISTRY_ENV_DIR (default /tmp/moat-registry-env-$UID).
set -euo pipefail

DIR=${MOAT_REGISTRY_ENV_DIR:-/tmp/moat-registry-env-$(id -u)}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
USER_NAME=scanner
USER_PASS=s3cret-pass
REFRESH_TOKEN=moat-test-refresh-token
SERVICE=moat-test-registry
ISSUER=moat-test-issuer
KINDS="plain basic tls token"

need() {
  for tool in docker-registry htpasswd openssl python3 curl; do
    command -v "$tool" >/dev/null || { echo "registry_env.sh: $tool is missing (apt-get install docker-registry apache2-utils openssl python3 curl)" >&2; exit 1; }
  done
}

# A port that was free a moment ago (the kernel's choice for port 0).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

make_certs() {
  local c=$DIR/certs
  mkdir -p "$c"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=moat test CA" \
    -keyout "$c/ca.key" -out "$c/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$c/server.key" -out "$c/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$c/server.ext"
  openssl x509 -req -in "$c/server.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" -CAcreateserial \
    -days 7 -extfile "$c/server.ext" -out "$c/server.crt" 2>/dev/null
  # The token signer: a self-signed certificate that is also the registry's rootcertbundle.
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=moat token signer" \
    -keyout "$c/token.key" -out "$c/token.crt" 2>/dev/null
}

write_config() {  # kind port
  local kind=$1 port=$2
  cat <<EOF
version: 0.1
log:
  level: warn
  formatter: text
storage:
  filesystem:
    rootdirectory: $DIR/data-$kind
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$port
  secret: moat-test-secret-$kind
EOF
  if [ "$kind" = tls ]; then
    printf '  tls:\n    certificate: %s\n    key: %s\n' "$DIR/certs/server.crt" "$DIR/certs/server.key"
  fi
  case $kind in
    basic|tls) printf 'auth:\n  htpasswd:\n    realm: moat-test\n    path: %s\n' "$DIR/htpasswd" ;;
    token) cat <<EOF
auth:
  token:
    realm: http://127.0.0.1:$(cat "$DIR/issuer.port")/token
    service: $SERVICE
    issuer: $ISSUER
    rootcertbundle: $DIR/certs/token.crt
EOF
    ;;
  esac
}

wait_for() {  # url [curl args]
  local url=$1; shift
  for _ in $(seq 1 100); do
    curl -s -o /dev/null -m 1 "$@" "$url" && return 0
    sleep 0.1
  done
  echo "registry_env.sh: $url did not come up; logs in $DIR" >&2
  return 1
}

start() {
  need
  if [ -f "$DIR/env" ]; then echo "registry_env.sh: already running ($DIR); stop first" >&2; cat "$DIR/env"; return 0; fi
  mkdir -p "$DIR"
  make_certs
  htpasswd -Bbn "$USER_NAME" "$USER_PASS" >"$DIR/htpasswd"
  free_port >"$DIR/issuer.port"
  nohup python3 "$HERE/token_issuer.py" "$(cat "$DIR/issuer.port")" "$DIR/certs/token.key" \
    "$DIR/certs/token.crt" "$ISSUER" "$USER_NAME" "$USER_PASS" "$REFRESH_TOKEN" \
    >"$DIR/issuer.log" 2>&1 &
  echo $! >"$DIR/issuer.pid"
  for kind in $KINDS; do
    free_port >"$DIR/$kind.port"
    write_config "$kind" "$(cat "$DIR/$kind.port")" >"$DIR/config-$kind.yml"
    nohup docker-registry serve "$DIR/config-$kind.yml" >"$DIR/$kind.log" 2>&1 &
    echo $! >"$DIR/$kind.pid"
  done
  wait_for "http://127.0.0.1:$(cat "$DIR/issuer.port")/token"
  wait_for "http://127.0.0.1:$(cat "$DIR/plain.port")/v2/"
  wait_for "http://127.0.0.1:$(cat "$DIR/basic.port")/v2/"
  wait_for "https://127.0.0.1:$(cat "$DIR/tls.port")/v2/" --cacert "$DIR/certs/ca.crt"
  wait_for "http://127.0.0.1:$(cat "$DIR/token.port")/v2/"
  {
    echo "export MOAT_TEST_REGISTRY_PLAIN=127.0.0.1:$(cat "$DIR/plain.port")"
    echo "export MOAT_TEST_REGISTRY_PLAIN_STORAGE=$DIR/data-plain"
    echo "export MOAT_TEST_REGISTRY_BASIC=127.0.0.1:$(cat "$DIR/basic.port")"
    echo "export MOAT_TEST_REGISTRY_TLS=127.0.0.1:$(cat "$DIR/tls.port")"
    echo "export MOAT_TEST_REGISTRY_TLS_CA=$DIR/certs/ca.crt"
    echo "export MOAT_TEST_REGISTRY_TOKEN=127.0.0.1:$(cat "$DIR/token.port")"
    echo "export MOAT_TEST_REGISTRY_USER=$USER_NAME"
    echo "export MOAT_TEST_REGISTRY_PASSWORD=$USER_PASS"
    echo "export MOAT_TEST_REGISTRY_REFRESH_TOKEN=$REFRESH_TOKEN"
  } >"$DIR/env"
  cat "$DIR/env"
}

env_lines() {
  if [ ! -f "$DIR/env" ]; then echo "registry_env.sh: not started ($DIR)" >&2; exit 1; fi
  cat "$DIR/env"
}

stop() {
  for name in $KINDS issuer; do
    if [ -f "$DIR/$name.pid" ]; then
      kill "$(cat "$DIR/$name.pid")" 2>/dev/null || true
    fi
  done
  # Only ever remove our own state dir.
  case $DIR in /tmp/moat-registry-env-*|"${MOAT_REGISTRY_ENV_DIR:-/nonexistent}") rm -rf "$DIR" ;; esac
  echo "registry_env.sh: stopped"
}

case ${1:-} in
  start) start ;;
  env) env_lines ;;
  stop) stop ;;
  *) echo "usage: $0 start|env|stop" >&2; exit 2 ;;
esac
