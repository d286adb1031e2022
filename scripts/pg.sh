#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests, CI and benchmarks (never for real data).
#   scripts/pg.sh start    fresh cluster on 127.0.0.1:$PGPORT_THROWAWAY (default 54329),
#                          database + user "materielehulp"; reuses a running one
#   scripts/pg.sh stop     stop it and delete its data
#   scripts/pg.sh status   exit 0 when running
#   scripts/pg.sh url      print its DATABASE_URL
# initdb refuses to run as root: as root, the cluster belongs to user postgres.
# Durability is off (fsync, synchronous_commit, full_page_writes): fast, not crash-safe.
set -euo pipefail

PORT="${PGPORT_THROWAWAY:-54329}"
BASE="/tmp/materielehulp-pg-$PORT"
DATA="$BASE/data"
LOG="$BASE/postgres.log"
DB=materielehulp
DB_USER=materielehulp
DB_PASSWORD=materielehulp-throwaway
URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB"

find_bindir() {
    local dir
    if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
    if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then echo /usr/lib/postgresql/15/bin; return; fi
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ] && command -v pg_ctl >/dev/null 2>&1; then
        dir="$(dirname "$(command -v pg_ctl)")"
    fi
    if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ]; then
        echo "ERROR: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
        exit 1
    fi
    echo "$dir"
}

if [ "$(id -u)" = 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    OWNER="$(id -un)"
    as_owner() { "$@"; }
fi

running() {
    [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

wait_ready() {
    local i
    for i in $(seq 1 300); do
        if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then return 0; fi
        sleep 0.1
    done
    echo "ERROR: PostgreSQL on port $PORT did not become ready; log: $LOG" >&2
    tail -n 30 "$LOG" >&2 || true
    exit 1
}

psql_super() {
    as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres -d postgres "$@"
}

start() {
    if running; then
        wait_ready
        echo "PostgreSQL already running on 127.0.0.1:$PORT" >&2
        return 0
    fi
    rm -rf "$BASE"
    mkdir -p "$BASE"
    chown "$OWNER" "$BASE"
    chmod 700 "$BASE"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$BASE/initdb.log" 2>&1 || {
        cat "$BASE/initdb.log" >&2
        exit 1
    }
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 30 start -o \
        "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null || { tail -n 30 "$LOG" >&2; exit 1; }
    wait_ready
    # CREATEDB: the test runner creates test_materielehulp (one per xdist worker).
    psql_super -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" \
        -c "CREATE DATABASE $DB OWNER $DB_USER"
    echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$PORT" >&2
}

stop() {
    if running; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    fi
    rm -rf "$BASE"
}

BIN="$(find_bindir)"
case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) running ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
