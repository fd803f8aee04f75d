#!/usr/bin/env bash
# Local FerretDB v1.24.2 (MongoDB wire protocol) on 127.0.0.1, SQLite backend by default.
#
#   deploy/local/ferretdb.sh install   build $TESSERA_HOME/bin/ferretdb from the Go module (cached)
#   deploy/local/ferretdb.sh start     start in the background, wait until it answers a MongoDB ping
#   deploy/local/ferretdb.sh stop      SIGTERM, wait, SIGKILL after a timeout
#   deploy/local/ferretdb.sh status    exit 0 if running, 3 if not
#   deploy/local/ferretdb.sh restart
#   deploy/local/ferretdb.sh ping      one MongoDB ping + listDatabases (node, no npm deps)
#   deploy/local/ferretdb.sh reset     delete the SQLite data and state (must be stopped)
#
# Environment: TESSERA_HOME, TESSERA_FERRETDB_PORT (27017), TESSERA_FERRETDB_DEBUG_PORT (8088),
# TESSERA_FERRETDB_BACKEND (sqlite|postgresql), TESSERA_FERRETDB_POSTGRESQL_URL,
# TESSERA_FERRETDB_SQLITE_SYNCHRONOUS (normal), TESSERA_FERRETDB_LOG_LEVEL (info),
# TESSERA_FERRETDB_START_TIMEOUT (60), TESSERA_FERRETDB_STOP_TIMEOUT (20).
#
# The binary is built with the patches in ferretdb/*.patch (the SQLite backend's use of its _id index); see README.md.
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

readonly C=ferretdb
readonly FERRETDB_MODULE=github.com/FerretDB/FerretDB
readonly FERRETDB_VERSION=v1.24.2
readonly HOST=127.0.0.1
readonly PORT="${TESSERA_FERRETDB_PORT:-27017}"
readonly DEBUG_PORT="${TESSERA_FERRETDB_DEBUG_PORT:-8088}"
readonly BACKEND="${TESSERA_FERRETDB_BACKEND:-sqlite}"
readonly POSTGRESQL_URL="${TESSERA_FERRETDB_POSTGRESQL_URL:-postgres://127.0.0.1:5432/ferretdb}"
# SQLite's synchronous setting (WAL mode): normal = no fsync per commit; see README.md for the measurement
readonly SQLITE_SYNCHRONOUS="${TESSERA_FERRETDB_SQLITE_SYNCHRONOUS:-normal}"
readonly LOG_LEVEL="${TESSERA_FERRETDB_LOG_LEVEL:-info}"
readonly START_TIMEOUT="${TESSERA_FERRETDB_START_TIMEOUT:-60}"
readonly STOP_TIMEOUT="${TESSERA_FERRETDB_STOP_TIMEOUT:-20}"

readonly BIN="$TESSERA_HOME/bin/ferretdb"
readonly SRC_ROOT="$TESSERA_HOME/src"
readonly FDB_HOME="$TESSERA_HOME/ferretdb"
readonly DATA_DIR="$FDB_HOME/data"
readonly STATE_DIR="$FDB_HOME/state"
readonly LOG_DIR="$FDB_HOME/logs"
readonly LOG_FILE="$LOG_DIR/ferretdb.log"
readonly PID_FILE="$FDB_HOME/ferretdb.pid"
readonly PING_JS="$TESSERA_LOCAL_DIR/ferretdb/mongo-ping.mjs"
# patches applied to the module source before the build, in name order (see ferretdb/*.patch)
readonly PATCHES=("$TESSERA_LOCAL_DIR"/ferretdb/*.patch)
# the sha256 of the patches the binary was built with
readonly PATCH_STAMP="$BIN.patches"

patches_sha256() {
  cat "${PATCHES[@]}" | sha256sum | cut -d' ' -f1
}

binary_ok() {
  [[ -x "$BIN" ]] || return 1
  # built with other patches (or none): rebuild
  [[ -f "$PATCH_STAMP" && "$(<"$PATCH_STAMP")" == "$(patches_sha256)" ]] || return 1
  # (no `| grep -q`: with pipefail, grep's early exit can SIGPIPE the writer and fail the check)
  local out
  out="$("$BIN" --version 2>/dev/null)" || return 1
  [[ $'\n'"$out"$'\n' == *$'\n'"version: $FERRETDB_VERSION"$'\n'* ]]
}

# apply_patches SRC: apply every patch to the module copy in SRC, all or nothing; fail if one does not apply.
apply_patches() {
  local src="$1"
  [[ -f "${PATCHES[0]}" ]] || die "$C" "no patches found in $TESSERA_LOCAL_DIR/ferretdb/"
  # SRC lies inside the Tessera repo: without the ceiling, git apply would take the patch paths as relative to
  # the repo root and silently skip them (exit 0)
  (cd "$src" && unset GIT_DIR GIT_WORK_TREE && GIT_CEILING_DIRECTORIES="$(dirname "$src")" \
    git apply "${PATCHES[@]}") >&2 ||
    die "$C" "a patch in $TESSERA_LOCAL_DIR/ferretdb/ does not apply to $FERRETDB_MODULE@$FERRETDB_VERSION"
  log "$C" "applied ${#PATCHES[@]} patches: ${PATCHES[*]##*/}"
}

cmd_install() {
  ensure_home
  if binary_ok; then
    log "$C" "FerretDB $FERRETDB_VERSION already built at $BIN"
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "$C" "go not found (needed to build FerretDB)"
  local t0 json mod_dir commit src
  t0=$(now_s)
  # never fetch another Go toolchain; the module says go 1.24, any newer local Go builds it
  export GOTOOLCHAIN=local CGO_ENABLED=0
  log "$C" "downloading $FERRETDB_MODULE@$FERRETDB_VERSION via the Go module proxy"
  json="$(cd "$TESSERA_HOME" && GOFLAGS=-mod=mod go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION")" ||
    die "$C" "go mod download failed"
  mod_dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json" | head -n1)"
  commit="$(sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]\{40\}\)",\{0,1\}$/\1/p' <<<"$json" | head -n1)"
  [[ -n "$mod_dir" && -f "$mod_dir/go.mod" ]] || die "$C" "module dir not found in: $json"

  # The module cache is read-only and has no build/version/version.txt (it is generated
  # from git in FerretDB's own repo). Without it, a binary whose main module is
  # github.com/FerretDB/FerretDB panics in build/version's init(). So: copy the module
  # source to a writable dir and write the files the release build would have.
  src="$SRC_ROOT/ferretdb-$FERRETDB_VERSION"
  rm -rf "$src"
  mkdir -p "$SRC_ROOT"
  cp -R "$mod_dir" "$src"
  chmod -R u+w "$src"
  printf '%s\n' "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  [[ -n "$commit" ]] && printf '%s\n' "$commit" >"$src/build/version/commit.txt"
  printf '%s\n' "$FERRETDB_VERSION" >"$src/build/version/branch.txt"
  printf 'tessera-local\n' >"$src/build/version/package.txt"
  apply_patches "$src"

  log "$C" "building $BIN (go $(go env GOVERSION), CGO off, SQLite + PostgreSQL backends)"
  mkdir -p "$(dirname "$BIN")"
  # -buildvcs=false: $TESSERA_HOME sits inside the Tessera git repo; Go would otherwise
  # stamp *our* commit as vcs.revision, which FerretDB's init() rejects against commit.txt.
  (cd "$src" && go build -mod=readonly -buildvcs=false -trimpath -ldflags='-s -w' \
    -o "$BIN.tmp" ./cmd/ferretdb) >&2 || die "$C" "go build failed"
  mv "$BIN.tmp" "$BIN"
  patches_sha256 >"$PATCH_STAMP"
  binary_ok || die "$C" "built binary does not report $FERRETDB_VERSION: $("$BIN" --version 2>&1 | head -n5)"
  log "$C" "built FerretDB $FERRETDB_VERSION ($(du -h "$BIN" | cut -f1)) in $(($(now_s) - t0))s"
}

backend_flags() {
  case "$BACKEND" in
    sqlite)
      [[ "$SQLITE_SYNCHRONOUS" =~ ^(off|normal|full|extra)$ ]] ||
        die "$C" "TESSERA_FERRETDB_SQLITE_SYNCHRONOUS must be off, normal, full or extra, not '$SQLITE_SYNCHRONOUS'"
      # FerretDB keeps its own defaults (journal_mode(wal), busy_timeout, auto_vacuum) next to this _pragma
      printf '%s\n' --handler=sqlite "--sqlite-url=file:$DATA_DIR/?_pragma=synchronous($SQLITE_SYNCHRONOUS)"
      ;;
    postgresql) printf '%s\n' --handler=postgresql "--postgresql-url=$POSTGRESQL_URL" ;;
    *) die "$C" "TESSERA_FERRETDB_BACKEND must be 'sqlite' or 'postgresql', not '$BACKEND'" ;;
  esac
}

http_ok() {
  local url="$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null
  else
    port_open "$HOST" "$DEBUG_PORT"
  fi
}

# mongo_ping: real MongoDB wire-protocol round trip (ping + listDatabases).
mongo_ping() {
  node "$PING_JS" "$HOST" "$PORT" 5000
}

cmd_start() {
  ensure_home
  local pid
  if pid="$(running_pid "$PID_FILE" "$BIN")"; then
    log "$C" "already running (pid $pid, $HOST:$PORT, backend $BACKEND)"
    return 0
  fi
  binary_ok || cmd_install
  if port_open "$HOST" "$PORT"; then
    die "$C" "$HOST:$PORT is already in use by another process (not ours: no live pid in $PID_FILE)"
  fi
  if port_open "$HOST" "$DEBUG_PORT"; then
    die "$C" "$HOST:$DEBUG_PORT (debug/metrics) is already in use by another process"
  fi
  mkdir -p "$DATA_DIR" "$STATE_DIR" "$LOG_DIR"
  local -a flags
  mapfile -t flags < <(backend_flags)
  [[ ${#flags[@]} -gt 0 ]] || exit 1

  local t0 deadline have_node=1 log_from
  command -v node >/dev/null 2>&1 || have_node=0
  t0=$(now_s)
  log_from="$(file_size "$LOG_FILE")"
  printf '\n=== %s starting FerretDB %s (backend %s) ===\n' "$(date -Is)" "$FERRETDB_VERSION" "$BACKEND" >>"$LOG_FILE"
  launch_detached "$PID_FILE" "$LOG_FILE" "$FDB_HOME" \
    env FERRETDB_TELEMETRY=disable \
    "$BIN" \
    --listen-addr="$HOST:$PORT" \
    --debug-addr="$HOST:$DEBUG_PORT" \
    --state-dir="$STATE_DIR" \
    --telemetry=disable \
    --log-level="$LOG_LEVEL" \
    "${flags[@]}" ||
    die "$C" "could not launch $BIN"
  pid="$(read_pid "$PID_FILE")"
  log "$C" "started pid $pid, waiting up to ${START_TIMEOUT}s for a MongoDB ping on $HOST:$PORT"

  deadline=$((t0 + START_TIMEOUT))
  while true; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      show_log_tail "$C" "$LOG_FILE" 40 "$log_from"
      die "$C" "FerretDB exited during startup"
    fi
    if http_ok "http://$HOST:$DEBUG_PORT/debug/readyz"; then
      if ((have_node == 0)); then
        log "$C" "node not found: readiness judged by /debug/readyz only"
        break
      fi
      if mongo_ping >/dev/null 2>&1; then
        break
      fi
    fi
    if (($(now_s) >= deadline)); then
      show_log_tail "$C" "$LOG_FILE" 40 "$log_from"
      ((have_node == 0)) || log "$C" "last probe: $(mongo_ping 2>&1 || true)"
      cmd_stop
      die "$C" "no MongoDB ping answer from $HOST:$PORT after ${START_TIMEOUT}s (stopped it again)"
    fi
    sleep 0.3
  done
  log "$C" "ready: mongodb://$HOST:$PORT (backend $BACKEND), debug http://$HOST:$DEBUG_PORT/debug, pid $pid (up in $(($(now_s) - t0))s)"
}

cmd_stop() {
  stop_pid "$C" "$PID_FILE" "$BIN" "$STOP_TIMEOUT"
}

cmd_status() {
  local pid
  if pid="$(running_pid "$PID_FILE" "$BIN")"; then
    if port_open "$HOST" "$PORT"; then
      printf 'ferretdb: running (pid %s) on %s:%s, debug %s:%s\n' "$pid" "$HOST" "$PORT" "$HOST" "$DEBUG_PORT"
    else
      printf 'ferretdb: starting (pid %s), %s:%s not open yet\n' "$pid" "$HOST" "$PORT"
    fi
    return 0
  fi
  printf 'ferretdb: not running (port %s)\n' "$PORT"
  return 3
}

cmd_reset() {
  if running_pid "$PID_FILE" "$BIN" >/dev/null; then
    die "$C" "stop it first: $0 stop"
  fi
  log "$C" "deleting $DATA_DIR and $STATE_DIR"
  rm -rf "$DATA_DIR" "$STATE_DIR"
}

main() {
  case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop && cmd_start ;;
    status) cmd_status ;;
    ping) mongo_ping ;;
    reset) cmd_reset ;;
    *)
      echo "usage: $0 {install|start|stop|restart|status|ping|reset}" >&2
      exit 2
      ;;
  esac
}

main "$@"
