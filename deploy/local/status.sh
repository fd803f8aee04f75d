#!/usr/bin/env bash
set -uo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$dir/infra.sh" status
"$dir/apps.sh" status
