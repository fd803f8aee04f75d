#!/usr/bin/env bash
# Runs Tessera's apps from dist/ as background processes with logs and pid files under $TESSERA_HOME/apps.
#
#   deploy/local/apps.sh start [APP...]   start (default: all, in dependency order) and wait until ready
#   deploy/local/apps.sh stop [APP...]    SIGTERM, wait, SIGKILL after 20 s
#   deploy/local/apps.sh status           one line per app
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

readonly ALL_APPS=(sandbox otp-service channel-whatsapp channel-sms channel-email gateway)
readonly RUN_DIR="$TESSERA_HOME/apps"

port_of() {
  case "$1" in
    gateway) echo 3000 ;; otp-service) echo 3001 ;; channel-whatsapp) echo 3002 ;;
    channel-sms) echo 3003 ;; channel-email) echo 3004 ;; sandbox) echo 4000 ;;
    *) die apps "unknown app $1" ;;
  esac
}

# Environment every app gets locally: the generated secrets plus loopback addresses.
app_env() {
  set -a
  # shellcheck disable=SC1090
  source "$("$TESSERA_LOCAL_DIR/secrets.sh")"
  set +a
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}" MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:27017}"
  export WHATSAPP_GRAPH_BASE_URL="http://127.0.0.1:4000/whatsapp" WHATSAPP_ACCESS_TOKEN="$SANDBOX_WHATSAPP_TOKEN"
  export WHATSAPP_APP_SECRET="$SANDBOX_WHATSAPP_APP_SECRET" WHATSAPP_PHONE_NUMBER_ID="100000000000001"
  export WHATSAPP_VERIFY_TOKEN="local-verify-token" SANDBOX_WHATSAPP_WEBHOOK_URL="http://127.0.0.1:3002/webhooks/whatsapp"
  export TWILIO_BASE_URL="http://127.0.0.1:4000/twilio" TWILIO_ACCOUNT_SID="ACsandbox0000000000000000000000000"
  export TWILIO_AUTH_TOKEN="$SANDBOX_TWILIO_AUTH_TOKEN" TWILIO_FROM="+15005550006"
  export SMS_STATUS_CALLBACK_URL="http://127.0.0.1:3003/webhooks/twilio" SMTP_HOST=127.0.0.1 SMTP_PORT=2525
  export SMPP_HOST=127.0.0.1 SMPP_PORT=2775 SMPP_SYSTEM_ID=tessera SMPP_PASSWORD=secret SMPP_SOURCE_ADDR="+15005550006"
  # V8's old space and semi-space for each Tessera app (not the sandbox), as the image sets them (see the Dockerfile)
  export TESSERA_HEAP_MB="${TESSERA_HEAP_MB:-128}" TESSERA_SEMI_SPACE_MB="${TESSERA_SEMI_SPACE_MB:-4}"
}

is_running() { pid_matches "$(read_pid "$RUN_DIR/$1.pid")" "dist/apps/$1/src/main.js"; }

wait_ready() {
  local app="$1" port deadline
  port="$(port_of "$app")"
  deadline=$(($(now_s) + 90))
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    if ! is_running "$app"; then
      tail -n 30 "$RUN_DIR/$app.log" >&2 || true
      die apps "$app exited during start; log: $RUN_DIR/$app.log"
    fi
    (($(now_s) < deadline)) || die apps "$app not ready on :$port after 90 s; log: $RUN_DIR/$app.log"
    sleep 0.5
  done
}

start_app() {
  local app="$1"
  if is_running "$app"; then
    log apps "$app already running"
    return 0
  fi
  [[ -f "$TESSERA_REPO_ROOT/dist/apps/$app/src/main.js" ]] || die apps "dist/apps/$app missing: run npm run build"
  mkdir -p "$RUN_DIR"
  local port
  port="$(port_of "$app")"
  cd "$TESSERA_REPO_ROOT"
  local heap=()
  [[ "$app" == sandbox ]] || heap=("--max-old-space-size=$TESSERA_HEAP_MB" "--max-semi-space-size=$TESSERA_SEMI_SPACE_MB")
  PORT="$port" SANDBOX_HTTP_PORT=4000 nohup node "${heap[@]}" "dist/apps/$app/src/main.js" >>"$RUN_DIR/$app.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$app.pid"
  wait_ready "$app"
  log apps "$app ready on http://127.0.0.1:$(port_of "$app")"
}

stop_app() {
  local app="$1" pid i
  pid="$(read_pid "$RUN_DIR/$app.pid")"
  if ! is_running "$app"; then
    rm -f "$RUN_DIR/$app.pid"
    return 0
  fi
  kill -TERM "$pid"
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  rm -f "$RUN_DIR/$app.pid"
  log apps "$app stopped"
}

main() {
  local action="${1:-}"
  shift || true
  local apps=("$@")
  ((${#apps[@]})) || apps=("${ALL_APPS[@]}")
  case "$action" in
    start)
      app_env
      for app in "${apps[@]}"; do start_app "$app"; done
      ;;
    stop)
      local i
      for ((i = ${#apps[@]} - 1; i >= 0; i--)); do stop_app "${apps[i]}"; done
      ;;
    status)
      for app in "${apps[@]}"; do
        if is_running "$app"; then echo "$app: running (pid $(read_pid "$RUN_DIR/$app.pid")) on :$(port_of "$app")"; else echo "$app: not running"; fi
      done
      ;;
    *)
      echo "usage: $0 {start|stop|status} [APP...]" >&2
      exit 2
      ;;
  esac
}

main "$@"
