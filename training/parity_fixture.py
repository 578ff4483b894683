"""Write the PyTorch side of the TypeScript parity tests.

    python -m training.parity_fixture --run=runs/tiny --model=test/fixtures/tiny-model --out=test/fixtures/parity

Files (all .npy little-endian, C order):
    signal.npy          float64 [B,1000]      the z-scored 100 Hz PTB-XL leads (fold 9) the inputs come from
    input.npy           float32 [B,1,32,256]  model inputs (superlet float64 -> uint8 -> /127.5 - 1)
    noise.npy           float32 [B,2,8,64]    latent noise injected at t (seeded torch.randn)
    latent.npy          float32 [B,2,8,64]    encoder output (unscaled)
    denoised_latent.npy float32 [B,2,8,64]    scaled latent after the DDIM steps
    recon.npy           float32 [B,1,32,256]  decoder output
    recon_image.npy     uint8   [B,32,256]    uint8(clip((recon + 1) * 127.5 + 0.5, 0, 255))
    psnr.npy            float64 [B]           PSNR vs the input's uint8 image, 10 log10(255^2 / MSE)
    scheduler.json      alphas_cumprod[0..999] (float64), DDIM timesteps for t=30 / interval 10, DDIM step() cases
PyTorch runs the EMA weights from ``--run``; the script also runs ``--model``'s ONNX graphs with onnxruntime and
fails if any output differs by more than 1e-4 (the same bound the TypeScript test uses).
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import onnxruntime as ort
import torch

from .config import config_from_dict
from .pipeline import ldm_reconstruct, psnr
from .schedulers import DDIM
from .superlet_torch import model_output_to_image, scalogram, to_model_input
from .train import load_checkpoint

RECORDS = ((0, 1), (1, 6), (2, 10))  # (k-th fold-9 record, lead index)


def pick_signals(npz_path: str) -> np.ndarray:
    d = np.load(npz_path)
    rows = np.flatnonzero(d["strat_fold"] == 9)
    return np.stack([d["signals"][rows[k], lead].astype(np.float64) for k, lead in RECORDS])


def scheduler_cases(sched: DDIM, t: int, interval: int) -> dict:
    gen = torch.Generator().manual_seed(7)
    cases = []
    for step_t, scale in ((30, 1.0), (0, 1.0), (30, 8.0)):  # the last one drives x0 past the clip range
        sample = torch.randn(1, 2, 4, 4, generator=gen, dtype=torch.float64) * scale
        eps = torch.randn(1, 2, 4, 4, generator=gen, dtype=torch.float64)
        prev = sched.step(eps, step_t, sample, interval)
        cases.append({"timestep": step_t, "step_interval": interval, "shape": [1, 2, 4, 4],
                      "model_output": eps.flatten().tolist(), "sample": sample.flatten().tolist(),
                      "prev_sample": prev.flatten().tolist()})
    return {"num_train_timesteps": sched.T, "beta_start": 1e-4, "beta_end": 0.02,
            "alphas_cumprod": sched.alphas_cumprod.tolist(),
            "ddim_timesteps": {"t": t, "step_interval": interval, "timesteps": sched.timesteps(t, interval)},
            "add_noise": {"t": t, "sqrt_alpha_cumprod": float(sched.alphas_cumprod[t]) ** 0.5,
                          "sqrt_one_minus_alpha_cumprod": float(1 - sched.alphas_cumprod[t]) ** 0.5},
            "ddim_step_cases": cases}


def main(run: str, model_dir: str, out: str, seed: int = 0) -> None:
    unet, ck = load_checkpoint(os.path.join(run, "ldm.pt"), "ldm")
    ae, _ = load_checkpoint(os.path.join(run, "ae.pt"), "ae")
    cfg = config_from_dict(ck["config"])
    meta = json.load(open(os.path.join(model_dir, "model.json")))
    t, interval = meta["default_t"], meta["default_step_interval"]
    signals = pick_signals(cfg.data_npz)
    image = torch.as_tensor(to_model_input(scalogram(signals, 100))).unsqueeze(1)  # (B, 1, 32, 256)
    noise = torch.randn(image.shape[0], cfg.latent_channels, 8, 64, generator=torch.Generator().manual_seed(seed))
    res = ldm_reconstruct(ae.encode, unet, ae.decode, image, noise, scaling_factor=cfg.scaling_factor, t=t,
                          interval=interval)
    # the same pipeline through the exported ONNX graphs
    sess = {k: ort.InferenceSession(os.path.join(model_dir, g["file"]), providers=["CPUExecutionProvider"])
            for k, g in meta["graphs"].items()}
    onnx_res = ldm_reconstruct(
        lambda x: torch.from_numpy(sess["encoder"].run(None, {"image": x.numpy()})[0]),
        lambda z, ts: torch.from_numpy(sess["unet"].run(None, {"sample": z.numpy(), "timestep": ts.numpy()})[0]),
        lambda z: torch.from_numpy(sess["decoder"].run(None, {"latent": z.numpy()})[0]),
        image, noise, scaling_factor=meta["scaling_factor"], t=t, interval=interval)
    for k in res:
        err = (res[k] - onnx_res[k]).abs().max().item()
        print(f"{k:16s} max |torch - onnxruntime| = {err:.2e}")
        assert err <= 1e-4, f"{k}: ONNX and PyTorch disagree by {err}"
    os.makedirs(out, exist_ok=True)
    arrays = {"signal": signals, "input": image.numpy(), "noise": noise.numpy(),
              "latent": res["latent"].numpy(), "denoised_latent": res["denoised_latent"].numpy(),
              "recon": res["recon"].numpy(), "recon_image": model_output_to_image(res["recon"][:, 0]).numpy(),
              "psnr": psnr(image, res["recon"]).numpy()}
    for k, v in arrays.items():
        np.save(os.path.join(out, f"{k}.npy"), v)
    with open(os.path.join(out, "scheduler.json"), "w") as f:
        json.dump(scheduler_cases(DDIM(cfg.num_train_timesteps, cfg.beta_start, cfg.beta_end), t, interval), f)
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write(f"# Parity fixture\n\nGenerated by `python -m training.parity_fixture --run={run} --model={model_dir} "
                f"--out={out}` (see `training/make_fixtures.sh`). Model: `{model_dir}` ({meta['name']}, "
                f"config {meta['configuration']}), t={t}, step interval {interval}, noise seed {seed}.\n"
                f"Inputs: fold-9 PTB-XL subset leads {RECORDS} (k-th fold-9 record, lead). PSNR: {arrays['psnr'].tolist()}\n"
                f"File formats: see the docstring of `training/parity_fixture.py`.\n")
    print(f"psnr {arrays['psnr']}")


if __name__ == "__main__":
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    assert len(opts) == len(sys.argv[1:]) and {"run", "model", "out"} <= set(opts) <= {"run", "model", "out", "seed"}, \
        "usage: python -m training.parity_fixture --run=DIR --model=DIR --out=DIR [--seed=0]"
    main(opts["run"], opts["model"], opts["out"], int(opts.get("seed", 0)))
