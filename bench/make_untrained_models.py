"""Export UNTRAINED (random-init) ONNX models of each toolkit configuration, for timing only.

Compute per lead-segment does not depend on the weights, so these let `npm run bench -- inference` time every
configuration (LDM and vanilla) before trained models exist. Scores from them are meaningless. Run from the repo root:

    .venv/bin/python bench/make_untrained_models.py /tmp/ecgnq-bench-models [compact paper tiny]
    BENCH_MODEL_DIRS=/tmp/ecgnq-bench-models npm run bench -- inference
"""
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training.config import make_config  # noqa: E402
from training.export import _Decode, _Encode, export_graph  # noqa: E402
from training.train import build_model  # noqa: E402


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_card(out, name, kind, cfg, graphs):
    card = {
        "name": name, "model_type": kind, "configuration": cfg.name, "untrained": True,
        "graphs": {k: {"file": f, "sha256": sha(os.path.join(out, f))} for k, f in graphs.items()},
        "input_contract": {"fs_hz": 100, "segment_s": 10, "bandpass": {"low_hz": 0.5, "high_hz": 40.0},
                           "normalization": "zscore", "units": "zscore"},
        "scaling_factor": cfg.scaling_factor if kind == "ldm" else 1.0,
        "default_t": cfg.default_t, "default_step_interval": cfg.step_interval,
    }
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(card, f, indent=2)


def main(root, names):
    torch.manual_seed(0)
    for name in names:
        cfg = make_config(name)
        out = os.path.join(root, f"{name}-ldm")
        os.makedirs(out, exist_ok=True)
        ae, unet = build_model(cfg, "ae").eval(), build_model(cfg, "ldm").eval()
        lat = (2, cfg.latent_channels, 8, 64)
        export_graph(unet, (torch.zeros(lat), torch.tensor([30, 30])), os.path.join(out, "unet.onnx"),
                     ["sample", "timestep"], ["noise_pred"])
        export_graph(_Encode(ae), (torch.zeros(2, 1, 32, 256),), os.path.join(out, "encoder.onnx"), ["image"], ["latent"])
        export_graph(_Decode(ae), (torch.zeros(lat),), os.path.join(out, "decoder.onnx"), ["latent"], ["image"])
        write_card(out, f"untrained-{name}-ldm", "ldm", cfg,
                   {"encoder": "encoder.onnx", "unet": "unet.onnx", "decoder": "decoder.onnx"})
        out = os.path.join(root, f"{name}-vanilla")
        os.makedirs(out, exist_ok=True)
        van = build_model(cfg, "vanilla").eval()
        export_graph(van, (torch.zeros(2, 1, 32, 256), torch.tensor([30, 30])), os.path.join(out, "unet.onnx"),
                     ["sample", "timestep"], ["noise_pred"])
        write_card(out, f"untrained-{name}-vanilla", "vanilla", cfg, {"unet": "unet.onnx"})
        print("wrote", name)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["tiny", "compact", "paper"])
