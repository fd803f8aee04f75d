#!/usr/bin/env bash
# The whole test suite: unit, integration (real Kafka + FerretDB), end-to-end (every app as a process) and,
# last, a scan of the database files, Kafka segments and service logs for any code in plain text.
# Starts the infrastructure if it is not running; stops locally running apps first, because the suites start
# their own copies on the same topics.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$TESSERA_REPO_ROOT"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
"$TESSERA_LOCAL_DIR/apps.sh" stop >/dev/null
"$TESSERA_LOCAL_DIR/infra.sh" up
npm run --silent typecheck
npm run --silent build
node dist/libs/messaging/src/cli/provision-topics.js
npx jest --ci --selectProjects unit integration "$@"
npx jest --ci --runInBand --selectProjects e2e "$@"
npx jest --ci --selectProjects leak-scan
