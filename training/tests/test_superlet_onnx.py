"""ONNX superlet graph (training/superlet_onnx.py) vs the torch superlet and the paper's float64 goldens.

Golden file: ../shared/golden/superlet_golden_cpu_x64.npz. Tolerances where golden >= -8 (the image floor): float64 graph
within 1e-5 (log10 units) of the torch float64 superlet (both round the same float64 values to float32; below the floor
the graph's dropped < 1e-15 wavelet tails, as in the TypeScript superlet, move values ~1e-5) and within 1e-3 of the
golden, as test_superlet.py; images within 1 level. The shipped models/superlet/ must be what the script builds.
"""
import json
import os

import numpy as np
import onnxruntime as ort
import pytest

from training.superlet_onnx import build_graph, main, superlet_inputs
from training.superlet_torch import scalogram, to_image

from .conftest import ROOT, SHARED

GOLDEN = os.path.join(SHARED, "golden", "superlet_golden_cpu_x64.npz")
SHIPPED = os.path.join(ROOT, "models", "superlet")


@pytest.fixture(scope="module")
def golden():
    return np.load(GOLDEN)


@pytest.fixture(scope="module")
def session_f64():
    return ort.InferenceSession(build_graph("float64").SerializeToString(), providers=["CPUExecutionProvider"])


def run(session, signals: np.ndarray, fs: int, dtype: str = "float64") -> np.ndarray:
    feeds = superlet_inputs(fs, signals.shape[-1], dtype)
    feeds["signal"] = signals.astype(np.float64 if dtype == "float64" else np.float32)
    return session.run(None, feeds)[0]


@pytest.mark.parametrize("name", ["example_500hz", "tones_100hz", "tones_250hz", "tones_360hz", "tones_500hz",
                                  "noise_500hz", "example_plus_noise_500hz", "flat_500hz"])
def test_float64_graph_matches_torch_and_golden(golden, session_f64, name):
    fs = int(name.split("_")[-1].replace("hz", ""))
    sig = golden[f"{name}.signal"]
    got = run(session_f64, sig[None], fs)[0]
    assert got.shape == (32, 256)
    ref = golden[f"{name}.scalogram"]
    mask = ref >= -8
    assert np.abs(got - scalogram(sig, fs))[mask].max(initial=0.0) <= 1e-5
    assert np.abs(got - ref)[mask].max(initial=0.0) <= 1e-3
    assert np.abs(to_image(got).astype(int) - golden[f"{name}.image"]).max() <= 1


def test_batch_rows_are_independent(golden, session_f64):
    sig = golden["example_500hz.signal"]
    both = run(session_f64, np.stack([sig, sig[::-1].copy()]), 500)
    assert np.array_equal(both[0], run(session_f64, sig[None], 500)[0])


def test_shipped_graphs_are_what_the_script_builds(tmp_path):
    main(["--out", str(tmp_path)])
    with open(os.path.join(SHIPPED, "model-spec.json"), encoding="utf-8") as fh:
        shipped = json.load(fh)
    with open(tmp_path / "model-spec.json", encoding="utf-8") as fh:
        fresh = json.load(fh)
    assert shipped == fresh, "models/superlet is stale: run python -m training.superlet_onnx --out models/superlet"
    for entry in fresh["graphs"].values():
        with open(os.path.join(SHIPPED, entry["file"]), "rb") as a, open(tmp_path / entry["file"], "rb") as b:
            assert a.read() == b.read()
