"""pytest setup: run from the repository root (``.venv/bin/python -m pytest training/tests``); one torch thread."""
import os

import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, "..", "shared")


@pytest.fixture(autouse=True, scope="session")
def _setup():
    torch.set_num_threads(1)
    os.chdir(ROOT)
