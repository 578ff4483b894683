#!/usr/bin/env bash
# Python half of the test suite: the training toolkit and its PyTorch/ONNX parity tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "test-py: no .venv here; run 'npm run setup:dev' once (creates it from training/requirements.txt)" >&2
  exit 1
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider training/tests
