"""ONNX export round trip: onnxruntime outputs equal PyTorch's within 1e-4, with a batch size other than the export's.
Also checks the committed parity fixture against the committed tiny model (regenerate both with
``bash training/make_fixtures.sh``)."""
import dataclasses
import json
import os

import numpy as np
import onnxruntime as ort
import torch

from training import __version__
from training.autoencoder import Autoencoder
from training.config import make_config
from training.export import export_run, sha256
from training.pipeline import ldm_reconstruct, psnr
from training.unet import latent_unet


def _fake_run(tmp_path, cfg):
    torch.manual_seed(0)
    ae, unet = Autoencoder(cfg), latent_unet(cfg)
    for m in (ae, unet):
        for p in m.parameters():
            torch.nn.init.normal_(p, std=0.1)
    common = dict(step=1, wall_s=1.0, epochs=0.1, config=dataclasses.asdict(cfg), version=__version__,
                  git_sha="test", hardware="test", train_leads=1, val_leads=1, last_val_loss=0.5)
    torch.save(dict(phase="ae", ema=ae.state_dict(), model=ae.state_dict(), **common), tmp_path / "ae.pt")
    torch.save(dict(phase="ldm", ema=unet.state_dict(), model=unet.state_dict(), **common), tmp_path / "ldm.pt")
    return ae.eval(), unet.eval()


def test_export_round_trip(tmp_path):
    cfg = make_config("tiny")
    ae, unet = _fake_run(tmp_path, cfg)
    out = tmp_path / "model"
    meta = export_run(str(tmp_path), str(out))
    assert set(meta["graphs"]) == {"encoder", "unet", "decoder"}
    for g in meta["graphs"].values():
        assert g["sha256"] == sha256(out / g["file"])
    assert json.load(open(out / "model.json"))["io"]["unet"]["inputs"]["timestep"]["dtype"] == "int64"
    sess = {k: ort.InferenceSession(str(out / g["file"]), providers=["CPUExecutionProvider"])
            for k, g in meta["graphs"].items()}
    x = torch.rand(3, 1, 32, 256) * 2 - 1
    z = torch.randn(3, 2, 8, 64)
    t = torch.tensor([0, 30, 999])
    with torch.no_grad():
        pairs = [(ae.encode(x), sess["encoder"].run(None, {"image": x.numpy()})[0]),
                 (ae.decode(z), sess["decoder"].run(None, {"latent": z.numpy()})[0]),
                 (unet(z, t), sess["unet"].run(None, {"sample": z.numpy(), "timestep": t.numpy()})[0])]
    for ref, got in pairs:
        assert got.shape == tuple(ref.shape)
        assert np.abs(ref.numpy() - got).max() <= 1e-4


def test_committed_parity_fixture_matches_committed_tiny_model():
    model, fix = "test/fixtures/tiny-model", "test/fixtures/parity"
    meta = json.load(open(os.path.join(model, "model.json")))
    sess = {k: ort.InferenceSession(os.path.join(model, g["file"]), providers=["CPUExecutionProvider"])
            for k, g in meta["graphs"].items()}
    for g in meta["graphs"].values():
        assert sha256(os.path.join(model, g["file"])) == g["sha256"]
    image = torch.from_numpy(np.load(os.path.join(fix, "input.npy")))
    noise = torch.from_numpy(np.load(os.path.join(fix, "noise.npy")))
    res = ldm_reconstruct(
        lambda x: torch.from_numpy(sess["encoder"].run(None, {"image": x.numpy()})[0]),
        lambda z, ts: torch.from_numpy(sess["unet"].run(None, {"sample": z.numpy(), "timestep": ts.numpy()})[0]),
        lambda z: torch.from_numpy(sess["decoder"].run(None, {"latent": z.numpy()})[0]),
        image, noise, scaling_factor=meta["scaling_factor"], t=meta["default_t"],
        interval=meta["default_step_interval"])
    assert np.abs(res["recon"].numpy() - np.load(os.path.join(fix, "recon.npy"))).max() <= 1e-4
    assert np.abs(psnr(image, res["recon"]).numpy() - np.load(os.path.join(fix, "psnr.npy"))).max() <= 0.01


def test_vanilla_export_has_only_the_unet(tmp_path):
    from training.unet import vanilla_unet
    cfg = make_config("tiny", model_type="vanilla")
    torch.manual_seed(1)
    unet = vanilla_unet(cfg).eval()
    common = dict(step=1, wall_s=1.0, epochs=0.1, config=dataclasses.asdict(cfg), version=__version__,
                  git_sha="test", hardware="test", train_leads=1, val_leads=1, last_val_loss=0.5)
    torch.save(dict(phase="vanilla", ema=unet.state_dict(), model=unet.state_dict(), **common), tmp_path / "vanilla.pt")
    meta = export_run(str(tmp_path), str(tmp_path / "m"))
    assert meta["model_type"] == "vanilla" and set(meta["graphs"]) == {"unet"}
    sess = ort.InferenceSession(str(tmp_path / "m" / "unet.onnx"), providers=["CPUExecutionProvider"])
    x, t = torch.rand(1, 1, 32, 256) * 2 - 1, torch.tensor([30])
    with torch.no_grad():
        ref = unet(x, t).numpy()
    assert np.abs(sess.run(None, {"sample": x.numpy(), "timestep": t.numpy()})[0] - ref).max() <= 1e-4
