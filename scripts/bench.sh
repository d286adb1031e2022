#!/usr/bin/env bash
# Run the benchmarks: scripts/bench.sh [NAME ...]   (make bench ONLY="seed ...")
# Without DATABASE_URL a throwaway PostgreSQL cluster is started (scripts/pg.sh)
# and stopped again at the end, unless one was already running.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"

if [ -z "${DATABASE_URL:-}" ]; then
    if scripts/pg.sh status; then
        echo "bench: using the throwaway PostgreSQL that is already running" >&2
    else
        scripts/pg.sh start
        STOP_PG=true
    fi
    # As the owner: the benchmarks create tables and seed_demo drops foreign keys.
    DATABASE_URL="$(scripts/pg.sh url eigenaar)"
    export DATABASE_URL
fi
# A shared cache as in production (Redis is required there): the memberships'
# stamp (hulpverlening/lidmaatschappen.py) must be the same in every worker.
STOP_REDIS=false
if [ -z "${BENCH_REDIS_URL:-}" ]; then
    if ! scripts/redis.sh status >/dev/null 2>&1; then
        scripts/redis.sh start
        STOP_REDIS=true
    fi
    BENCH_REDIS_URL="$(scripts/redis.sh url)"
    export BENCH_REDIS_URL
fi
trap '$STOP_REDIS && scripts/redis.sh stop; ${STOP_PG:-false} && scripts/pg.sh stop' EXIT
# Measure without DEBUG's query log and debug pages, like production.
export DJANGO_DEBUG="${DJANGO_DEBUG:-false}"

"$PY" manage.py migrate --noinput -v 0
"$PY" bench/run.py "$@"
