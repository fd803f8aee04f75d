#!/usr/bin/env bash
# The whole test suite: unit, integration (real Kafka + FerretDB) and end-to-end (every app as a process).
# Starts the infrastructure if it is not running; stops locally running apps first, because the suites start
# their own copies on the same topics.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$TESSERA_REPO_ROOT"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
"$TESSERA_LOCAL_DIR/apps.sh" stop >/dev/null
"$TESSERA_LOCAL_DIR/infra.sh" up
npm run --silent build
node dist/libs/messaging/src/cli/provision-topics.js
npm run --silent typecheck
npx jest --ci "$@"
