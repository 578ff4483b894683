"""Learning curve: the shipped score setting evaluated on one protocol half for each EMA snapshot of a run.

    python -m training.learning_curve --run=training/checkpoints/main --variant='{"t": 30, ...}' --half=report \
        [--every=2000] [--out=training/checkpoints/main/learning_curve.csv]

For every ``<run>/snapshots/ldm_<step>.pt`` (written by ``train.py --snapshot_every``) whose step is a multiple of
``--every``, plus the final ``ldm.pt``, it scores the half's protocol leads with the AE of ``<run>/ae.pt`` and that
UNet snapshot (PyTorch, seed 0) and writes one CSV row: step, UNet wall seconds, cumulative training seconds (AE wall
+ latent encoding + UNet wall), W1 per noise type, macro W1 and AUROC of global PSNR. The choice of setting is made on
the selection half; reporting the curve on the report half shows whether more compute still pays.
"""
from __future__ import annotations

import glob
import json
import os
import sys

import numpy as np
import torch

from .score_study import DATA_CSV, DATA_NPZ, TorchLdm, psnr_of_mse, reconstruct_mse, separation
from .study_data import NOISE_TYPES, protocol_images

COLUMNS = ["step", "unet_wall_s", "cumulative_train_s", *[f"w1_{t}" for t in NOISE_TYPES], "macro_w1", "auroc_any",
           "median_clean_db"]


def curve(run: str, variant: dict, half: str, every: int) -> list[dict]:
    data = protocol_images(DATA_NPZ, DATA_CSV, half)
    images = data["images"].numpy()
    groups = [g for _, _, g in data["leads"]]
    ae = torch.load(os.path.join(run, "ae.pt"), map_location="cpu", weights_only=False)
    final = torch.load(os.path.join(run, "ldm.pt"), map_location="cpu", weights_only=False)
    paths = sorted(p for p in glob.glob(os.path.join(run, "snapshots", "ldm_*.pt"))
                   if int(os.path.basename(p)[4:-3]) % every == 0 and int(os.path.basename(p)[4:-3]) < final["step"])
    rows = []
    for path in paths + [os.path.join(run, "ldm.pt")]:
        model = TorchLdm(os.path.join(run, "ae.pt"), path)
        x = (images.astype(np.float32) / 127.5 - 1.0)[:, None]
        latents = np.concatenate([model.encode(x[s:s + 256]) for s in range(0, len(x), 256)]) * np.float32(model.scale)
        g, _ = reconstruct_mse(model, images, latents, variant["t"], variant["interval"], variant["draws"],
                               variant["combine"], seed=0, antithetic=variant.get("antithetic", False),
                               inpaint=variant.get("inpaint"))
        sep = separation(psnr_of_mse(g), groups)
        wall = model.meta["wall_s"]
        row = dict(step=model.meta["step"], unet_wall_s=round(wall, 1),
                   cumulative_train_s=round(ae["wall_s"] + final.get("encode_s", 0.0) + wall, 1),
                   **{k: round(v, 4) for k, v in sep.items()})
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


if __name__ == "__main__":
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:])
    torch.set_num_threads(int(opts.get("threads", 1)))
    result = curve(opts["run"], json.loads(opts["variant"]), opts.get("half", "report"), int(opts.get("every", 2000)))
    out = opts.get("out", os.path.join(opts["run"], "learning_curve.csv"))
    with open(out, "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for r in result:
            f.write(",".join(str(r[c]) for c in COLUMNS) + "\n")
    print(f"wrote {out}")
