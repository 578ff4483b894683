#!/usr/bin/env bash
# One-time set-up for the full test suite: Debian's Chromium (browser tests) and a Python venv
# with the training toolkit's pinned requirements (PyTorch CPU build, for the parity tests).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "setup-dev: install Chromium at /usr/bin/chromium for the browser tests" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ -f training/requirements.txt ]; then
  .venv/bin/pip install -q -r training/requirements.txt
fi
