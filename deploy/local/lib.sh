# shellcheck shell=bash
# Shared helpers for deploy/local/*.sh. Source it; do not execute it.
#
# Everything the scripts install, write or log lives under $TESSERA_HOME
# (default: <repo>/.local), which marks itself git-ignored.

if [[ -z "${TESSERA_LIB_LOADED:-}" ]]; then
TESSERA_LIB_LOADED=1

TESSERA_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TESSERA_REPO_ROOT="$(cd "$TESSERA_LOCAL_DIR/../.." && pwd)"
TESSERA_HOME="${TESSERA_HOME:-$TESSERA_REPO_ROOT/.local}"
export TESSERA_HOME

# log COMPONENT MESSAGE... : progress messages go to stderr.
log() {
  local component="$1"
  shift
  printf '[%s] %s\n' "$component" "$*" >&2
}

die() {
  local component="$1"
  shift
  printf '[%s] ERROR: %s\n' "$component" "$*" >&2
  exit 1
}

# ensure_home: create $TESSERA_HOME and make it ignore itself in git, so that
# nothing under it can be committed even without a root .gitignore entry.
ensure_home() {
  mkdir -p "$TESSERA_HOME"
  if [[ ! -f "$TESSERA_HOME/.gitignore" ]]; then
    printf '# created by deploy/local/lib.sh: local caches, data and logs\n*\n' >"$TESSERA_HOME/.gitignore"
  fi
}

# now_s: seconds since epoch (integer).
now_s() { date +%s; }

# read_pid PIDFILE: print the pid stored in PIDFILE (empty if none).
read_pid() {
  local pidfile="$1" pid=""
  if [[ -f "$pidfile" ]]; then
    read -r pid <"$pidfile" || true
  fi
  if [[ "$pid" =~ ^[0-9]+$ ]]; then
    printf '%s\n' "$pid"
  fi
}

# pid_matches PID PATTERN: true if PID is alive and its command line contains
# PATTERN (guards against a stale pid file whose pid was reused).
pid_matches() {
  local pid="$1" pattern="$2" cmdline
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"$pattern"* ]]
}

# running_pid PIDFILE PATTERN: print the pid if the process is running,
# remove a stale pid file otherwise (and return 1).
running_pid() {
  local pidfile="$1" pattern="$2" pid
  pid="$(read_pid "$pidfile")"
  if pid_matches "$pid" "$pattern"; then
    printf '%s\n' "$pid"
    return 0
  fi
  rm -f "$pidfile"
  return 1
}

# port_open HOST PORT: true if something accepts TCP connections there.
port_open() {
  local host="$1" port="$2"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# launch_detached PIDFILE LOGFILE WORKDIR CMD...: start CMD in its own session
# (so a Ctrl-C in the calling terminal does not reach it), stdout/stderr
# appended to LOGFILE, and its real pid written to PIDFILE. CMD gets no other
# file descriptor of the caller: a daemon started under `flock LOCK npm test`
# would otherwise hold LOCK for as long as it runs.
launch_detached() {
  local pidfile="$1" logfile="$2" workdir="$3"
  shift 3
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$, $fd and "$@" are expanded by the inner bash
  (cd "$workdir" && exec setsid bash -c '
    for fd in /proc/$$/fd/*; do fd="${fd##*/}"; ((fd > 2)) && eval "exec $fd>&-"; done
    echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1) &
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.05
  done
  return 1
}

# stop_pid COMPONENT PIDFILE PATTERN TIMEOUT_S: SIGTERM, wait up to TIMEOUT_S
# for the process to exit, then SIGKILL.
stop_pid() {
  local component="$1" pidfile="$2" pattern="$3" timeout="$4" pid deadline
  if ! pid="$(running_pid "$pidfile" "$pattern")"; then
    log "$component" "not running"
    return 0
  fi
  log "$component" "stopping pid $pid (SIGTERM, up to ${timeout}s)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(now_s) + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if (($(now_s) >= deadline)); then
      log "$component" "still alive after ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  log "$component" "stopped"
}

# file_size FILE: size in bytes (0 if missing); pass it to show_log_tail as FROM_BYTE
# to show only what a run appended.
file_size() {
  if [[ -f "$1" ]]; then wc -c <"$1" | tr -d ' '; else echo 0; fi
}

# show_log_tail COMPONENT FILE [LINES] [FROM_BYTE]
show_log_tail() {
  local component="$1" file="$2" lines="${3:-40}" from="${4:-0}"
  if [[ ! -f "$file" ]]; then
    log "$component" "(no log file at $file)"
    return 0
  fi
  # the file may have been rolled over since FROM_BYTE was taken
  (($(file_size "$file") >= from)) || from=0
  log "$component" "last $lines lines of $file:"
  tail -c "+$((from + 1))" "$file" | tail -n "$lines" | sed 's/^/    /' >&2
}

fi
