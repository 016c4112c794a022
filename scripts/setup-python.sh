#!/usr/bin/env bash
# The real `chutes` CLI and `bittensor-wallet` from PyPI, in a venv under the cache folder, for
# the tests that run them. Prints nothing on success; tests find the venv via CHUTES_PY_VENV or
# this default path.
set -euo pipefail
venv="${CHUTES_PY_VENV:-$HOME/.cache/chutes-vscode/py-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import chutes, bittensor_wallet" >/dev/null 2>&1; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check chutes bittensor-wallet
fi
