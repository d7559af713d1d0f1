#!/usr/bin/env bash
# Start, stop and watch the whole stack in the background.
#   scripts/stack.sh seed|up|down|status|urls|follow|stop <service>|restart <service>
# scripts/cluster.sh sources this file for its functions (start, stop, wait_healthy, ...)
# and replaces services/command_for/health_url; the commands below run only when executed.
# Ports, run directory and databases come from the environment, so tests can run a
# second stack on other ports beside a developer's (see PORTS_TEST in the Makefile).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

BACKEND_PORT=${BACKEND_PORT:-8000}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RUN_DIR=${RUN_DIR:-.run/dev}
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
RUN_DIR=$(cd "$RUN_DIR" && pwd)

export PYTHONPATH="$ROOT"
export APP_ENV=${APP_ENV:-development}
export DATABASE_URL=${DATABASE_URL:-sqlite:///$RUN_DIR/certification.db}
export TRACKER_STORE_URL=${TRACKER_STORE_URL:-sqlite:///$RUN_DIR/tracker.db}
export LOG_DIR="$RUN_DIR/logs"
export BACKEND_URL=${BACKEND_URL:-http://127.0.0.1:$BACKEND_PORT}
export RASA_URL=${RASA_URL:-http://127.0.0.1:$RASA_PORT}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:$BACKEND_PORT}
# Two backend workers: one per core here. Safe because rate-limit counts live in the database.
export BACKEND_WORKERS=${BACKEND_WORKERS:-2}
export SERVICE_API_KEY=${SERVICE_API_KEY:-dev-service-key-change-me}
export RASA_API_TOKEN=${RASA_API_TOKEN:-dev-rasa-token-change-me}
export BACKEND_PORT RASA_PORT ACTIONS_PORT RUN_DIR
MODEL=${MODEL:-models/current.tar.gz}

services() {
  echo backend actions rasa
  if [[ -n "${TELEGRAM_BOT_TOKEN:-}" ]]; then echo telegram; fi
}

command_for() {
  case "$1" in
    backend) echo ".venv/bin/python -m server serve --host 127.0.0.1 --port $BACKEND_PORT" ;;
    actions) echo ".venv-rasa/bin/rasa run actions --actions actions --port $ACTIONS_PORT" ;;
    rasa) echo ".venv-rasa/bin/python -m bot.rasa_server run --model $MODEL --endpoints bot/endpoints.yml --credentials bot/credentials.yml --port $RASA_PORT --interface 127.0.0.1 --enable-api --auth-token $RASA_API_TOKEN --cors '*'" ;;
    telegram) echo ".venv/bin/python -m channels.telegram" ;;
  esac
}

health_url() {
  case "$1" in
    backend) echo "http://127.0.0.1:$BACKEND_PORT/health" ;;
    actions) echo "http://127.0.0.1:$ACTIONS_PORT/health" ;;
    rasa) echo "http://127.0.0.1:$RASA_PORT/" ;;
    telegram) echo "" ;;
  esac
}

is_running() {
  local pidfile="$RUN_DIR/pids/$1.pid"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start() {
  local svc=$1
  if is_running "$svc"; then echo "$svc already running"; return; fi
  # shellcheck disable=SC2046
  setsid bash -c "exec $(command_for "$svc")" >>"$RUN_DIR/logs/$svc.log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/pids/$svc.pid"
}

wait_healthy() {
  local svc=$1 url deadline
  url=$(health_url "$svc")
  [[ -z "$url" ]] && { sleep 1; is_running "$svc" || { echo "$svc failed to start; see $RUN_DIR/logs/$svc.log" >&2; return 1; }; return 0; }
  deadline=$((SECONDS + ${STACK_TIMEOUT:-120}))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! is_running "$svc"; then
      echo "$svc exited; last log lines:" >&2; tail -n 30 "$RUN_DIR/logs/$svc.log" >&2; return 1
    fi
    if (( SECONDS > deadline )); then echo "$svc not healthy after ${STACK_TIMEOUT:-120}s" >&2; return 1; fi
    sleep 0.5
  done
  echo "$svc healthy ($url)"
}

stop() {
  local svc=$1 pidfile="$RUN_DIR/pids/$1.pid" pid
  [[ -f "$pidfile" ]] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    echo "$svc stopped"
  fi
  rm -f "$pidfile"
}

seed() {
  # Migrations and demo data are idempotent; they run before every start.
  .venv/bin/python -m backend.cli migrate >>"$RUN_DIR/logs/backend.log" 2>&1
  .venv/bin/python -m backend.cli seed >>"$RUN_DIR/logs/backend.log" 2>&1
}

stack_main() {
case "${1:-}" in
  seed)
    seed
    ;;
  up)
    is_running backend || seed
    for svc in $(services); do start "$svc"; done
    for svc in $(services); do wait_healthy "$svc"; done
    ;;
  down)
    for svc in telegram rasa actions backend; do stop "$svc"; done
    ;;
  stop)
    stop "$2"
    ;;
  restart)
    stop "$2"; start "$2"; wait_healthy "$2"
    ;;
  status)
    for svc in backend actions rasa telegram; do
      if is_running "$svc"; then echo "$svc: running (pid $(cat "$RUN_DIR/pids/$svc.pid"))"; else echo "$svc: stopped"; fi
    done
    ;;
  urls)
    cat <<URLS

  Website chat ......... http://127.0.0.1:$BACKEND_PORT/
  Staff console ........ http://127.0.0.1:$BACKEND_PORT/staff
  API docs ............. http://127.0.0.1:$BACKEND_PORT/docs
  Dev mail outbox ...... http://127.0.0.1:$BACKEND_PORT/dev/outbox?to=<email>
  Rasa (REST channel) .. http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook
  Action server ........ http://127.0.0.1:$ACTIONS_PORT/health
  Logs ................. $RUN_DIR/logs/
URLS
    [[ -n "${TELEGRAM_BOT_TOKEN:-}" ]] && echo "  Telegram bridge ...... running (polling)"
    echo
    ;;
  follow)
    tail -n 0 -F "$RUN_DIR"/logs/*.log
    ;;
  *)
    echo "usage: $0 seed|up|down|status|urls|follow|stop <service>|restart <service>" >&2; exit 2 ;;
esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then stack_main "$@"; fi
