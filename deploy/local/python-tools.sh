#!/usr/bin/env bash
# Test tools from PyPI (the official Twilio SDK, Schemathesis, kubernetes-validate, ...) in a virtual
# environment at $TESSERA_HOME/venv, from deploy/local/requirements-test.txt. Reinstalls only when that file
# changes. Prints nothing on success; tests find the tools under $TESSERA_HOME/venv/bin.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
ensure_home
venv="$TESSERA_HOME/venv"
requirements="$TESSERA_LOCAL_DIR/requirements-test.txt"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then exit 0; fi
log python "installing the test tools from PyPI into $venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
echo "$wanted" >"$stamp"
