#!/usr/bin/env bash
# Throwaway Redis for CI and tests with a real Celery worker (no persistence).
#   scripts/redis.sh start|stop|status|url   port: $REDIS_PORT_THROWAWAY (default 63790)
set -euo pipefail

PORT="${REDIS_PORT_THROWAWAY:-63790}"
PIDFILE="/tmp/materielehulp-redis-$PORT.pid"
LOG="/tmp/materielehulp-redis-$PORT.log"
URL="redis://127.0.0.1:$PORT/0"

for tool in redis-server redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "ERROR: $tool not found (apt-get install redis-server)" >&2
        exit 1
    }
done

ping() { [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" = PONG ]; }

start() {
    if ping; then
        echo "Redis already running on 127.0.0.1:$PORT" >&2
        return 0
    fi
    redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --save '' --appendonly no \
        --pidfile "$PIDFILE" --logfile "$LOG"
    local i
    for i in $(seq 1 100); do
        if ping; then
            echo "Redis ready on 127.0.0.1:$PORT" >&2
            return 0
        fi
        sleep 0.1
    done
    echo "ERROR: Redis on port $PORT did not answer PING; log: $LOG" >&2
    tail -n 20 "$LOG" >&2 || true
    exit 1
}

stop() {
    if ping; then
        redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
        local i
        for i in $(seq 1 50); do ping || break; sleep 0.1; done
    fi
    rm -f "$PIDFILE" "$LOG"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) ping ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
