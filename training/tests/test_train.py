"""A few real training steps of every phase on 8 PTB-XL leads, checkpoint contents, resume."""
import csv

import torch

from training.config import make_config
from training.train import load_checkpoint, train_phase


def test_train_ae_ldm_vanilla_and_resume(tmp_path):
    cfg = make_config("tiny", max_train_leads=8, val_items=8, batch_size=2, ae_steps=2, unet_steps=2, val_every=1,
                      out_dir=str(tmp_path / "run"), cache_dir=str(tmp_path / "cache"), device="cpu")
    for phase in ("ae", "ldm", "vanilla"):
        path = train_phase(cfg, phase)
        model, ck = load_checkpoint(path)
        assert ck["step"] == 2 and ck["phase"] == phase and ck["config"]["name"] == "tiny"
        assert ck["version"] and ck["git_sha"] and ck["hardware"] and ck["train_leads"] == 8
        rows = list(csv.DictReader(open(tmp_path / "run" / f"{phase}_loss.csv")))
        assert [int(r["step"]) for r in rows] == [1, 2]
        assert all(torch.isfinite(torch.tensor(float(r["val_loss"]))) for r in rows)
    ae_ck = torch.load(tmp_path / "run" / "ldm.pt", weights_only=False)
    assert "scaled_latent_stats" in ae_ck
    cfg.ae_steps = 3
    train_phase(cfg, "ae", resume=True)
    _, ck = load_checkpoint(str(tmp_path / "run" / "ae.pt"))
    assert ck["step"] == 3
    assert [int(r["step"]) for r in csv.DictReader(open(tmp_path / "run" / "ae_loss.csv"))] == [1, 2, 3]
