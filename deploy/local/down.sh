#!/usr/bin/env bash
# Stops every app, then Kafka and FerretDB. Data stays under $TESSERA_HOME.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$dir/apps.sh" stop
"$dir/infra.sh" down
