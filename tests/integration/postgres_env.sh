#!/bin/bash
# A throwaway PostgreSQL 15 cluster for the store's tests: listens only on 127.0.0.1, trusts
# loopback connections, holds one database, moat_test. Data is disposable (fsync off).
# Usage:
#   tests/integration/postgres_env.sh start          # initdb (first time), start, print env lines
#   eval "$(tests/integration/postgres_env.sh env)"  # exports MOAT_TEST_POSTGRES for the tests
#   tests/integration/postgres_env.sh stop           # stops it and removes the cluster
# State lives in $MOAT_TESTENV/postgres (default /var/tmp/moat-testenv/postgres); the port is
# $MOAT_TEST_POSTGRES_PORT, else 55432 when free, else one the kernel picks.
set -euo pipefail

BASE=${MOAT_TESTENV:-/var/tmp/moat-testenv}
DIR=$BASE/postgres
DATA=$DIR/data
DB=moat_test
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

need() {
  [ -x "$PGBIN/pg_ctl" ] || { echo "postgres_env.sh: $PGBIN/pg_ctl is missing (apt-get install postgresql)" >&2; exit 1; }
  command -v python3 >/dev/null || { echo "postgres_env.sh: python3 is missing" >&2; exit 1; }
}

# Runs a PostgreSQL binary as the `postgres` OS user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() {
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.close()' "$1" 2>/dev/null
}

pick_port() {
  if [ -n "${MOAT_TEST_POSTGRES_PORT:-}" ]; then echo "$MOAT_TEST_POSTGRES_PORT"; return; fi
  if port_free 55432; then echo 55432; return; fi
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

env_line() {
  echo "export MOAT_TEST_POSTGRES=postgres://postgres@127.0.0.1:$(cat "$DIR/port")/$DB"
}

running() {
  [ -f "$DATA/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  need
  if running; then env_line; return 0; fi
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale \
      >"$DIR/initdb.log" 2>&1 || { echo "postgres_env.sh: initdb failed; see $DIR/initdb.log" >&2; exit 1; }
  fi
  pick_port >"$DIR/port"
  local port
  port=$(cat "$DIR/port")
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 30 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { echo "postgres_env.sh: PostgreSQL did not start; see $DIR/server.log" >&2; exit 1; }
  if ! as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB"
  fi
  env_line
}

env_lines() {
  if ! running; then echo "postgres_env.sh: not started ($DIR)" >&2; exit 1; fi
  env_line
}

stop() {
  if [ -f "$DATA/PG_VERSION" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  # Only ever remove our own cluster directory.
  case $DIR in */postgres) rm -rf "$DIR" ;; esac
  echo "postgres_env.sh: stopped"
}

case ${1:-} in
  start) start ;;
  env) env_lines ;;
  stop) stop ;;
  *) echo "usage: $0 start|env|stop" >&2; exit 2 ;;
esac
