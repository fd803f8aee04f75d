#!/usr/bin/env bash
# Creates $TESSERA_HOME/secrets.env once, with random development secrets (never committed), and prints its path.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
ensure_home
file="$TESSERA_HOME/secrets.env"
if [[ ! -f "$file" ]]; then
  rnd() { node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))"; }
  umask 077
  cat >"$file" <<EOT
OTP_CODE_HMAC_SECRET=$(rnd)
OTP_SEAL_KEYS=k1:$(rnd)
OTP_SEAL_ACTIVE_KID=k1
GATEWAY_BUS_SECRET=$(rnd)
ADMIN_TOKEN=$(node -e "process.stdout.write(require('crypto').randomBytes(24).toString('hex'))")
SANDBOX_WHATSAPP_TOKEN=sandbox-whatsapp-token
SANDBOX_WHATSAPP_APP_SECRET=$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('hex'))")
SANDBOX_TWILIO_AUTH_TOKEN=$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('hex'))")
EOT
  log secrets "created $file"
fi
printf '%s\n' "$file"
