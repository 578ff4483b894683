#!/usr/bin/env bash
# Regenerate test/fixtures/tiny-model (a few-step "tiny" LDM) and test/fixtures/parity (PyTorch reference outputs).
# Run from the repository root: bash training/make_fixtures.sh   (about 2 minutes on 2 CPU cores)
set -euo pipefail
PY=${PYTHON:-.venv/bin/python}
rm -rf runs/fixture-tiny
$PY -m training.train --config=tiny --phase=all --out_dir=runs/fixture-tiny --device=cpu
$PY -m training.export --run=runs/fixture-tiny --out=test/fixtures/tiny-model --name=tiny-fixture
$PY -m training.parity_fixture --run=runs/fixture-tiny --model=test/fixtures/tiny-model --out=test/fixtures/parity
