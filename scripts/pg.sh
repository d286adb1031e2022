#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests, CI and benchmarks (never for real data).
#   scripts/pg.sh start    fresh cluster on 127.0.0.1:$PGPORT_THROWAWAY (default 54329),
#                          database "materielehulp" owned by role materielehulp_eigenaar,
#                          the app's role materielehulp_app; reuses a running one
#   scripts/pg.sh stop     stop it and delete its data
#   scripts/pg.sh status   exit 0 when running
#   scripts/pg.sh url      print the app's DATABASE_URL (role materielehulp_app)
#   scripts/pg.sh url eigenaar
#                          print the owner's URL: MIGRATE_DATABASE_URL, for migrations,
#                          the test runner's database setup and the benchmarks
# initdb refuses to run as root: as root, the cluster belongs to user postgres.
# Durability is off (fsync, synchronous_commit, full_page_writes): fast, not crash-safe.
set -euo pipefail

PORT="${PGPORT_THROWAWAY:-54329}"
BASE="/tmp/materielehulp-pg-$PORT"
DATA="$BASE/data"
LOG="$BASE/postgres.log"
DB=materielehulp
EIGENAAR=materielehulp_eigenaar
EIGENAAR_PASSWORD=eigenaar-throwaway
APP=materielehulp_app
APP_PASSWORD=app-throwaway
URL="postgres://$APP:$APP_PASSWORD@127.0.0.1:$PORT/$DB"
EIGENAAR_URL="postgres://$EIGENAAR:$EIGENAAR_PASSWORD@127.0.0.1:$PORT/$DB"
ROLLEN_SQL="$(cd "$(dirname "$0")" && pwd)/postgres-rollen.sql"

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
    as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres "$@"
}

rollen() {
    # Read from stdin: the file may not be readable for user postgres.
    psql_super -v eigenaar="$EIGENAAR" -v eigenaar_wachtwoord="$EIGENAAR_PASSWORD" \
        -v app="$APP" -v app_wachtwoord="$APP_PASSWORD" "$@" <"$ROLLEN_SQL"
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
    psql_super -d postgres -c "CREATE DATABASE $DB"
    rollen -d "$DB"
    # Test databases are copies of template1: they get the default privileges too.
    rollen -d template1 -v alleen_standaardrechten=1
    # CREATEDB: the test runner creates test_materielehulp (one per xdist worker),
    # as the owner when MIGRATE_DATABASE_URL is set (tests/conftest.py), else as
    # the app role, which then owns that test database: one role, as before.
    psql_super -d postgres -c "ALTER ROLE $EIGENAAR CREATEDB" -c "ALTER ROLE $APP CREATEDB"
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
    url)
        case "${2:-app}" in
            app) echo "$URL" ;;
            eigenaar) echo "$EIGENAAR_URL" ;;
            *) echo "usage: $0 url [app|eigenaar]" >&2; exit 2 ;;
        esac
        ;;
    *) echo "usage: $0 start|stop|status|url [app|eigenaar]" >&2; exit 2 ;;
esac
