#!/usr/bin/env bash
# Local infrastructure for Tessera: Kafka (KRaft) + FerretDB, on 127.0.0.1.
#
#   deploy/local/infra.sh up       install (cached) and start both, in parallel; fails if either does
#   deploy/local/infra.sh down     stop both
#   deploy/local/infra.sh status   print both; exit 0 only if both are running
#   deploy/local/infra.sh install  only install both (e.g. to warm a CI cache)
#
# See deploy/local/README.md for ports, paths and environment variables.
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

readonly KAFKA_SH="$TESSERA_LOCAL_DIR/kafka.sh"
readonly FERRETDB_SH="$TESSERA_LOCAL_DIR/ferretdb.sh"

# run_prefixed NAME CMD...: run CMD with every output line prefixed by NAME (unless CMD's own
# messages already carry it), keeping CMD's exit status.
run_prefixed() {
  local name="$1"
  shift
  "$@" 2>&1 | sed -u "/^\[$name\]/!s/^/[$name] /"
}

# parallel ACTION: run "kafka.sh ACTION" and "ferretdb.sh ACTION" at the same time,
# ACTION may be "install start" (each component installs, then starts).
parallel() {
  local kafka_pid ferretdb_pid rc_kafka=0 rc_ferretdb=0 action
  (for action in "$@"; do run_prefixed kafka "$KAFKA_SH" "$action" || exit $?; done) &
  kafka_pid=$!
  (for action in "$@"; do run_prefixed ferretdb "$FERRETDB_SH" "$action" || exit $?; done) &
  ferretdb_pid=$!
  wait "$kafka_pid" || rc_kafka=$?
  wait "$ferretdb_pid" || rc_ferretdb=$?
  if ((rc_kafka != 0 || rc_ferretdb != 0)); then
    ((rc_kafka == 0)) || log infra "kafka '$*' FAILED (exit $rc_kafka); log: $TESSERA_HOME/kafka/logs/server.log"
    ((rc_ferretdb == 0)) || log infra "ferretdb '$*' FAILED (exit $rc_ferretdb); log: $TESSERA_HOME/ferretdb/logs/ferretdb.log"
    return 1
  fi
}

cmd_status() {
  local rc=0
  "$KAFKA_SH" status || rc=3
  "$FERRETDB_SH" status || rc=3
  return "$rc"
}

cmd_up() {
  ensure_home
  local t0
  t0=$(now_s)
  if ! parallel install start; then
    die infra "local infrastructure did not come up (see the log tails above); '$0 down' stops what did"
  fi
  log infra "up in $(($(now_s) - t0))s"
  cmd_status
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    down) parallel stop ;;
    status) cmd_status ;;
    install) ensure_home && parallel install ;;
    *)
      echo "usage: $0 {up|down|status|install}" >&2
      exit 2
      ;;
  esac
}

main "$@"
