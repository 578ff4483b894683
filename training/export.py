"""Export a trained run to ONNX graphs + ``model.json`` (the engine's model contract).

    python -m training.export --run=runs/compact --out=models/default [--name=default] [--val_psnr=True] \
        [--t=100 --interval=50 --draws=4 --combine=latent]

``--t``/``--interval`` set the card's default diffusion start and DDIM step interval (else the run's config);
``--draws``/``--combine`` its ``score_draws`` and ``score_combine`` (how the engine combines draws: ``image``, the mean
of the K decoder outputs, or ``latent``, one decode of the mean denoised latent). Settings are chosen with
``training.score_study`` on the selection half.

``--val_psnr=True`` (LDM only) also runs the exported graphs with onnxruntime over the run's validation leads (clean
fold-9 leads, the cached sample) at the default t / step interval with seeded noise and records the PSNR summary in
``model.json["metrics"]["validation_psnr_clean"]``.

LDM runs (``ae.pt`` + ``ldm.pt``) give ``encoder.onnx``, ``unet.onnx``, ``decoder.onnx``; vanilla runs
(``vanilla.pt``) give ``unet.onnx`` only. EMA weights, opset 17, dynamic batch, legacy TorchScript exporter.
I/O contract (float32 unless stated; B dynamic):
    encoder  image [B,1,32,256] in [-1,1]                      -> latent [B,2,8,64] (unscaled; caller x scaling_factor)
    unet     sample [B,C,H,W], timestep int64 [B]              -> noise_pred [B,C,H,W]
    decoder  latent [B,2,8,64] (caller / scaling_factor first) -> image [B,1,32,256] in ~[-1,1]
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import time

import torch

from .autoencoder import Autoencoder
from .config import config_from_dict
from .superlet_torch import superlet_params
from .train import load_checkpoint

OPSET = 17


class _Encode(torch.nn.Module):
    def __init__(self, ae: Autoencoder):
        super().__init__()
        self.ae = ae

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.ae.encode(image)


class _Decode(torch.nn.Module):
    def __init__(self, ae: Autoencoder):
        super().__init__()
        self.ae = ae

    def forward(self, latent: torch.Tensor) -> torch.Tensor:
        return self.ae.decode(latent)


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_graph(module: torch.nn.Module, args: tuple, path: str, inputs: list[str], outputs: list[str]) -> None:
    """ONNX export with a dynamic batch axis on every input and output."""
    axes = {name: {0: "batch"} for name in inputs + outputs}
    torch.onnx.export(module.eval(), args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes,
                      opset_version=OPSET, dynamo=False, do_constant_folding=True)


def io_contract(cfg, model_type: str) -> dict:
    lat = [cfg.latent_channels, 8, 64]
    unet_shape = lat if model_type == "ldm" else [1, 32, 256]
    c = {"unet": {"inputs": {"sample": {"dtype": "float32", "shape": ["B"] + unet_shape},
                             "timestep": {"dtype": "int64", "shape": ["B"]}},
                  "outputs": {"noise_pred": {"dtype": "float32", "shape": ["B"] + unet_shape}}}}
    if model_type == "ldm":
        c["encoder"] = {"inputs": {"image": {"dtype": "float32", "shape": ["B", 1, 32, 256], "range": [-1, 1]}},
                        "outputs": {"latent": {"dtype": "float32", "shape": ["B"] + lat,
                                               "note": "unscaled; multiply by scaling_factor before diffusion"}}}
        c["decoder"] = {"inputs": {"latent": {"dtype": "float32", "shape": ["B"] + lat,
                                              "note": "divide the diffusion latent by scaling_factor first"}},
                        "outputs": {"image": {"dtype": "float32", "shape": ["B", 1, 32, 256], "range": "~[-1, 1]"}}}
    return c


def input_contract() -> dict:
    return {"fs_hz": 100, "segment_s": 10, "samples_per_segment": 1000,
            "bandpass": {"low_hz": 0.5, "high_hz": 40.0, "order": 4, "type": "butterworth", "zero_phase": True},
            "normalisation": "per-lead z-score (mean 0, std 1) over the segment's record lead",
            "units": "zscore", "scalogram": superlet_params(),
            "model_input": "round((clip(log10 power, -8, 0) + 8) / 8 * 255) as uint8, then u8 / 127.5 - 1",
            "output_image": "uint8(clip((x + 1) * 127.5 + 0.5, 0, 255)) (truncation), PSNR = 10 log10(255^2 / MSE) "
                            "against the input's uint8 image"}


def validation_psnr(model_dir: str, meta: dict, cfg, seed: int = 0) -> dict:
    """PSNR of the exported LDM on the cached validation leads (clean fold-9), via onnxruntime."""
    import numpy as np
    import onnxruntime as ort

    from .data import load_split, to_model_input
    from .pipeline import ldm_reconstruct, psnr

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = {k: ort.InferenceSession(os.path.join(model_dir, g["file"]), opts, providers=["CPUExecutionProvider"])
            for k, g in meta["graphs"].items()}
    images = to_model_input(load_split(cfg)["val"])
    gen = torch.Generator().manual_seed(seed)
    values, t0 = [], time.time()
    for s in range(0, len(images), 32):
        x = images[s:s + 32]
        noise = torch.randn(x.shape[0], cfg.latent_channels, 8, 64, generator=gen)
        res = ldm_reconstruct(
            lambda im: torch.from_numpy(sess["encoder"].run(None, {"image": im.numpy()})[0]),
            lambda z, ts: torch.from_numpy(sess["unet"].run(None, {"sample": z.numpy(), "timestep": ts.numpy()})[0]),
            lambda z: torch.from_numpy(sess["decoder"].run(None, {"latent": z.numpy()})[0]),
            x, noise, scaling_factor=cfg.scaling_factor, t=cfg.default_t, interval=cfg.step_interval)
        values.append(psnr(x, res["recon"]))
    v = torch.cat(values).numpy()
    return {"leads": int(len(v)), "median_db": float(np.median(v)), "mean_db": float(v.mean()),
            "p5_db": float(np.percentile(v, 5)), "p95_db": float(np.percentile(v, 95)), "t": cfg.default_t,
            "step_interval": cfg.step_interval, "noise_seed": seed,
            "ms_per_lead_onnxruntime_1_thread_shared_cpu": round(1000 * (time.time() - t0) / len(v), 1),
            "what": "clean fold-9 validation leads of the training cache; not the eval protocol"}


def export_run(run: str, out: str, name: str | None = None, val_psnr: bool = False, t: int | None = None,
               interval: int | None = None, draws: int = 1, combine: str = "image") -> dict:
    """Export run directory ``run`` into ``out``; returns the model.json dict."""
    assert draws >= 1 and combine in ("image", "latent"), "draws >= 1, combine is image or latent"
    os.makedirs(out, exist_ok=True)
    model_type = "vanilla" if os.path.exists(os.path.join(run, "vanilla.pt")) and not os.path.exists(
        os.path.join(run, "ldm.pt")) else "ldm"
    graphs, phases = {}, {}
    unet, ck = load_checkpoint(os.path.join(run, "vanilla.pt" if model_type == "vanilla" else "ldm.pt"))
    cfg = config_from_dict(ck["config"])
    cfg = dataclasses.replace(cfg, default_t=cfg.default_t if t is None else t,
                              step_interval=cfg.step_interval if interval is None else interval)
    phases["vanilla" if model_type == "vanilla" else "ldm"] = ck
    unet_shape = (2, 1, 32, 256) if model_type == "vanilla" else (2, cfg.latent_channels, 8, 64)
    export_graph(unet, (torch.zeros(unet_shape), torch.tensor([30, 30])), os.path.join(out, "unet.onnx"),
                 ["sample", "timestep"], ["noise_pred"])
    graphs["unet"] = "unet.onnx"
    if model_type == "ldm":
        ae, ae_ck = load_checkpoint(os.path.join(run, "ae.pt"), "ae")
        phases["ae"] = ae_ck
        export_graph(_Encode(ae), (torch.zeros(2, 1, 32, 256),), os.path.join(out, "encoder.onnx"), ["image"], ["latent"])
        export_graph(_Decode(ae), (torch.zeros(2, cfg.latent_channels, 8, 64),), os.path.join(out, "decoder.onnx"),
                     ["latent"], ["image"])
        graphs["encoder"], graphs["decoder"] = "encoder.onnx", "decoder.onnx"
    files = {k: {"file": f, "sha256": sha256(os.path.join(out, f)), "bytes": os.path.getsize(os.path.join(out, f))}
             for k, f in graphs.items()}
    training = {ph: {"steps": c["step"], "epochs": round(c["epochs"], 3), "wall_s": round(c["wall_s"], 1),
                     "hardware": c["hardware"], "git_sha": c["git_sha"], "toolkit_version": c["version"],
                     "train_leads": c["train_leads"], "val_leads": c["val_leads"],
                     "final_val_loss": c.get("last_val_loss"), "batch_size": c["config"]["batch_size"]}
                | ({"scaled_latent_stats": c["scaled_latent_stats"]} if "scaled_latent_stats" in c else {})
                for ph, c in phases.items()}
    meta = {
        "name": name or os.path.basename(os.path.normpath(out)),
        "model_type": model_type,
        "configuration": cfg.name,
        "config": dataclasses.asdict(cfg),
        "exported_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "opset": OPSET,
        "graphs": files,
        "io": io_contract(cfg, model_type),
        "input_contract": input_contract(),
        "scaling_factor": cfg.scaling_factor if model_type == "ldm" else 1.0,
        "scheduler": {"num_train_timesteps": cfg.num_train_timesteps, "beta_schedule": "linear",
                      "beta_start": cfg.beta_start, "beta_end": cfg.beta_end, "prediction_type": "epsilon",
                      "ddim": {"eta": 0.0, "set_alpha_to_one": True, "clip_sample": True, "clip_range": [-1, 1],
                               "timestep_spacing": "leading", "steps_offset": 0},
                      "ddpm": {"variance_type": "fixed_small", "clip_sample": True}},
        "default_t": cfg.default_t,
        "default_step_interval": cfg.step_interval,
        "score_draws": draws,
        "score_combine": combine,
        "training_data": {"source": "PTB-XL subset (../shared/data/ptbxl/ptbxl_subset_100hz.npz, 1,625 records)",
                          "leads": "clean leads only (no noise label on the lead)",
                          "train_folds": list(cfg.train_folds), "val_folds": list(cfg.val_folds),
                          "subset_csv": cfg.subset_csv or None},
        "training": training,
        "wall_s_total": round(sum(c["wall_s"] for c in phases.values()), 1),
        "metrics": {"validation_losses": {ph: c.get("last_val_loss") for ph, c in phases.items()},
                    "eval": None},
    }
    if val_psnr and model_type == "ldm":
        meta["metrics"]["validation_psnr_clean"] = validation_psnr(out, meta, cfg)
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
    return meta


if __name__ == "__main__":
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    unknown = set(opts) - {"run", "out", "name", "val_psnr", "t", "interval", "draws", "combine"}
    assert len(opts) == len(sys.argv[1:]) and not unknown and "run" in opts and "out" in opts, \
        ("usage: python -m training.export --run=DIR --out=DIR [--name=NAME] [--val_psnr=True] [--t=T] [--interval=K] "
         "[--draws=N] [--combine=image|latent]")
    assert opts.get("val_psnr", "False") in ("True", "False"), "--val_psnr is True or False"
    meta = export_run(opts["run"], opts["out"], opts.get("name"), opts.get("val_psnr") == "True",
                      int(opts["t"]) if "t" in opts else None, int(opts["interval"]) if "interval" in opts else None,
                      int(opts.get("draws", 1)), opts.get("combine", "image"))
    for k, g in meta["graphs"].items():
        print(f"{k:8s} {g['file']:14s} {g['bytes'] / 1024:8.1f} KiB sha256 {g['sha256']}")
    if "validation_psnr_clean" in meta["metrics"]:
        print(f"validation PSNR (clean fold-9): {meta['metrics']['validation_psnr_clean']}")
