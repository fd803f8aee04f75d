#!/usr/bin/env bash
# Brings the whole local system up: npm packages, Kafka, FerretDB, topics, the sandbox providers and every app.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$TESSERA_REPO_ROOT"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
"$TESSERA_LOCAL_DIR/infra.sh" up
npm run --silent build
node dist/libs/messaging/src/cli/provision-topics.js
"$TESSERA_LOCAL_DIR/apps.sh" start
cat <<EOT

Tessera is up.
  API gateway      http://127.0.0.1:3000   (OpenAPI: /openapi.json, docs: /docs)
  otp-service      http://127.0.0.1:3001   (/health/ready, /metrics)
  channel-whatsapp http://127.0.0.1:3002   (webhook: /webhooks/whatsapp)
  channel-sms      http://127.0.0.1:3003   (webhook: /webhooks/twilio)
  channel-email    http://127.0.0.1:3004
  sandbox inbox    http://127.0.0.1:4000   (SMTP :2525, SMPP :2775)
  Kafka            127.0.0.1:9092          FerretDB mongodb://127.0.0.1:27017
  admin token      in $TESSERA_HOME/secrets.env (ADMIN_TOKEN)
  logs             $TESSERA_HOME/apps/*.log
Stop with: npm run down
EOT
