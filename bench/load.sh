#!/usr/bin/env bash
# `make load`: a throwaway PostgreSQL 15 on a free loopback port, then bench/load.py against it
# (demo, accounts, the production server, locust); everything stops again at the end.
# Usage: bench/load.sh [USERS] [RUN_TIME] [WORKERS]   (defaults 50, 3m, gunicorn's default)
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-50}
run_time=${2:-3m}
workers=${3:-0}

SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 || \
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
pg_dir=$(mktemp -d /tmp/mijlpaal-load-pg.XXXXXX)
pg_port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; fi
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Unlike CI's, this cluster keeps fsync on: the logbook's writes cost what they cost in production.
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=200" start >/dev/null
trap 'as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres mijlpaal

LOAD_PG_DATA="$pg_dir/data" DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/mijlpaal" \
    .venv/bin/python bench/load.py \
    --users "$users" --run-time "$run_time" --workers "$workers"
