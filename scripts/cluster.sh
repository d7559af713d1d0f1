#!/usr/bin/env bash
# The stack in cluster mode: nginx in front of two Rasa replicas, two action servers,
# the backend; PostgreSQL for the backend and the tracker store; Redis for Rasa's lock
# store and the socket.io client manager (docs/deployment.md).
#   scripts/cluster.sh up|down|status|urls|stop <service>|restart <service>|replicas 1|2
# REPLICAS=1 scripts/cluster.sh up starts one Rasa replica and one action server, with nginx
# in front all the same (its upstreams list only the "a" processes). `replicas 1|2` changes
# a running cluster: it re-renders nginx's configuration for that many replicas and reloads
# nginx gracefully (requests in flight finish); `replicas 2` first starts the "b" processes
# if they are not running; `replicas 1` leaves them running without traffic (stop them with
# `stop rasa-b`, `stop actions-b`). The benchmark's cluster phase (bench/cluster.py) uses it
# to measure one and two replicas on the same processes.
# It reuses scripts/stack.sh's functions (start, stop, wait_healthy, seed) with its own
# services, ports and run directory. `make up` (scripts/stack.sh) is unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

PUBLIC_PORT=${PUBLIC_PORT:-28080}
INTERNAL_PORT=${INTERNAL_PORT:-28081}
RASA_PORT_A=${RASA_PORT_A:-25005}
RASA_PORT_B=${RASA_PORT_B:-25006}
ACTIONS_PORT_A=${ACTIONS_PORT_A:-25055}
ACTIONS_PORT_B=${ACTIONS_PORT_B:-25056}
export BACKEND_PORT=${BACKEND_PORT:-28000}
export RUN_DIR=${RUN_DIR:-.run/cluster}
mkdir -p "$RUN_DIR"
RUN_DIR=$(cd "$RUN_DIR" && pwd)
NGINX_PREFIX=$RUN_DIR/nginx
REPLICAS=${REPLICAS:-2}
[[ $REPLICAS == 1 || $REPLICAS == 2 ]] || { echo "REPLICAS must be 1 or 2" >&2; exit 2; }

PG_URL=${CLUSTER_PG_URL:-postgresql://postgres@127.0.0.1:5432}
PG_BACKEND_DB=${PG_BACKEND_DB:-cert_cluster_backend}
PG_TRACKER_DB=${PG_TRACKER_DB:-cert_cluster_tracker}
export DATABASE_URL=${DATABASE_URL:-$PG_URL/$PG_BACKEND_DB}
export TRACKER_STORE_URL=${TRACKER_STORE_URL:-$PG_URL/$PG_TRACKER_DB}
export REDIS_HOST=${REDIS_HOST:-127.0.0.1} REDIS_PORT=${REDIS_PORT:-6379} REDIS_DB=${REDIS_DB:-0}
# Rasa wants an alphanumeric lock prefix; the socket.io channel is named after it.
export REDIS_KEY_PREFIX=${REDIS_KEY_PREFIX:-clustertest}
export SOCKETIO_REDIS_URL=${SOCKETIO_REDIS_URL:-redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB}
export SOCKETIO_REDIS_CHANNEL=${SOCKETIO_REDIS_CHANNEL:-$REDIS_KEY_PREFIX-socketio}

# Everyone reaches Rasa and the action servers through nginx: the public port for
# browsers and bridges, the internal one for the console (Rasa's HTTP API) and Rasa.
export RASA_URL=${RASA_URL:-http://127.0.0.1:$INTERNAL_PORT}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$INTERNAL_PORT/webhook}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:$PUBLIC_PORT}
export WEBCHAT_SOCKET_URL=${WEBCHAT_SOCKET_URL:-http://127.0.0.1:$PUBLIC_PORT}
export RASA_PORT=$RASA_PORT_A
# A replica killed mid-turn leaves its conversation locked in Redis until the ticket
# expires; 30 s is well above the longest turn (actions time out after 8 s).
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-30}

# shellcheck source=scripts/stack.sh
source "$ROOT/scripts/stack.sh"

# The services started by `up`, in order: the "b" replicas only with REPLICAS=2.
services() {
  if [[ $REPLICAS == 2 ]]; then
    echo backend actions-a actions-b rasa-a rasa-b nginx
  else
    echo backend actions-a rasa-a nginx
  fi
}

all_services() {
  echo backend actions-a actions-b rasa-a rasa-b nginx
}

command_for() {
  local rasa=".venv-rasa/bin/python -m bot.rasa_server run --model $MODEL --endpoints bot/endpoints.cluster.yml --credentials bot/credentials.cluster.yml --interface 127.0.0.1 --enable-api --auth-token $RASA_API_TOKEN --cors '*'"
  case "$1" in
    backend) echo ".venv/bin/python -m server serve --host 127.0.0.1 --port $BACKEND_PORT" ;;
    actions-a) echo ".venv-rasa/bin/rasa run actions --actions actions --port $ACTIONS_PORT_A" ;;
    actions-b) echo ".venv-rasa/bin/rasa run actions --actions actions --port $ACTIONS_PORT_B" ;;
    rasa-a) echo "$rasa --port $RASA_PORT_A" ;;
    rasa-b) echo "$rasa --port $RASA_PORT_B" ;;
    nginx) echo "$(nginx_bin) -p $NGINX_PREFIX -e $NGINX_PREFIX/error.log -c $NGINX_PREFIX/nginx.conf -g 'daemon off;'" ;;
  esac
}

health_url() {
  case "$1" in
    backend) echo "http://127.0.0.1:$BACKEND_PORT/health" ;;
    actions-a) echo "http://127.0.0.1:$ACTIONS_PORT_A/health" ;;
    actions-b) echo "http://127.0.0.1:$ACTIONS_PORT_B/health" ;;
    rasa-a) echo "http://127.0.0.1:$RASA_PORT_A/" ;;
    rasa-b) echo "http://127.0.0.1:$RASA_PORT_B/" ;;
    nginx) echo "http://127.0.0.1:$PUBLIC_PORT/nginx-health" ;;
  esac
}

nginx_bin() {
  command -v nginx || echo /usr/sbin/nginx
}

create_databases() {
  local db
  for db in "$PG_BACKEND_DB" "$PG_TRACKER_DB"; do
    if [[ -z $(psql "$PG_URL/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
      psql "$PG_URL/postgres" -qc "CREATE DATABASE \"$db\"" && echo "created database $db"
    fi
  done
  # The tracker store's table, once, before two replicas would race to create it.
  .venv-rasa/bin/python -c "from bot.privacy.tracker_store import RedactingSQLTrackerStore as S; S(url='$TRACKER_STORE_URL')" \
    >>"$RUN_DIR/logs/rasa-a.log" 2>&1
}

# nginx.conf for $1 replicas (1: without the template's "# replica b" lines), checked
# with `nginx -t` before it replaces the current one.
render_nginx_conf() {
  local replicas=$1
  mkdir -p "$NGINX_PREFIX/tmp"
  export NGINX_PREFIX PUBLIC_PORT INTERNAL_PORT RASA_PORT_A RASA_PORT_B ACTIONS_PORT_A ACTIONS_PORT_B
  envsubst '${NGINX_PREFIX} ${PUBLIC_PORT} ${INTERNAL_PORT} ${RASA_PORT_A} ${RASA_PORT_B} ${ACTIONS_PORT_A} ${ACTIONS_PORT_B} ${BACKEND_PORT}' \
    <deploy/nginx.conf.template >"$NGINX_PREFIX/nginx.conf.new"
  if [[ $replicas == 1 ]]; then sed -i '/# replica b$/d' "$NGINX_PREFIX/nginx.conf.new"; fi
  "$(nginx_bin)" -t -q -p "$NGINX_PREFIX" -e "$NGINX_PREFIX/error.log" -c "$NGINX_PREFIX/nginx.conf.new"
  mv "$NGINX_PREFIX/nginx.conf.new" "$NGINX_PREFIX/nginx.conf"
  echo "$replicas" >"$RUN_DIR/replicas"
}

# Route to $1 replicas: start the "b" processes if needed, then reload nginx gracefully.
set_replicas() {
  local n=$1 svc
  [[ $n == 1 || $n == 2 ]] || { echo "usage: $0 replicas 1|2" >&2; exit 2; }
  is_running nginx || { echo "nginx is not running (scripts/cluster.sh up first)" >&2; exit 1; }
  if [[ $n == 2 ]]; then
    for svc in actions-b rasa-b; do start "$svc"; done
    for svc in actions-b rasa-b; do wait_healthy "$svc"; done
  fi
  render_nginx_conf "$n"
  "$(nginx_bin)" -q -p "$NGINX_PREFIX" -e "$NGINX_PREFIX/error.log" -c "$NGINX_PREFIX/nginx.conf" -s reload
  echo "nginx reloaded: $n replica(s)"
}

case "${1:-}" in
  up)
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null || { echo "Redis not reachable at $REDIS_HOST:$REDIS_PORT" >&2; exit 1; }
    create_databases
    render_nginx_conf "$REPLICAS"
    is_running backend || seed
    for svc in $(services); do start "$svc"; done
    for svc in $(services); do wait_healthy "$svc"; done
    ;;
  down)
    for svc in nginx rasa-b rasa-a actions-b actions-a backend; do stop "$svc"; done
    ;;
  stop)
    stop "$2"
    ;;
  start)
    start "$2"; wait_healthy "$2"
    ;;
  restart)
    stop "$2"; start "$2"; wait_healthy "$2"
    ;;
  replicas)
    set_replicas "${2:-}"
    ;;
  status)
    for svc in $(all_services); do
      if is_running "$svc"; then echo "$svc: running (pid $(cat "$RUN_DIR/pids/$svc.pid"))"; else echo "$svc: stopped"; fi
    done
    if is_running nginx && [[ -f $RUN_DIR/replicas ]]; then echo "nginx routes to $(cat "$RUN_DIR/replicas") replica(s)"; fi
    ;;
  urls)
    cat <<URLS

  Public (nginx) ....... http://127.0.0.1:$PUBLIC_PORT/  (chat page, /staff, /api/v1, /webhooks/rest/webhook, /socket.io/)
  Rasa replicas ........ http://127.0.0.1:$RASA_PORT_A/  http://127.0.0.1:$RASA_PORT_B/
  Action servers ....... http://127.0.0.1:$ACTIONS_PORT_A/health  http://127.0.0.1:$ACTIONS_PORT_B/health
  Backend .............. http://127.0.0.1:$BACKEND_PORT/
  Databases ............ $DATABASE_URL  $TRACKER_STORE_URL
  Logs ................. $RUN_DIR/logs/
URLS
    ;;
  *)
    echo "usage: $0 up|down|status|urls|stop <service>|start <service>|restart <service>|replicas 1|2" >&2; exit 2 ;;
esac
