"""Train the autoencoder (phase ae), the latent UNet (phase ldm) or the vanilla pixel UNet (phase vanilla).

Examples::

    python -m training.train --config=compact --phase=all            # ae then ldm
    python -m training.train --config=compact --phase=ldm --resume=True
    python -m training.train --config=tiny --phase=vanilla --device=cpu

AdamW, EMA weights (exported), gradient-norm clipping, bf16 autocast on CUDA. Each phase writes
``<out_dir>/<phase>.pt`` (model, EMA, optimiser, step, config, package version, git SHA, hardware, wall time) every
``val_every`` steps and at the end, and appends ``step,epoch,train_loss,val_loss,wall_s`` to ``<out_dir>/<phase>_loss.csv``.
A phase stops at its step count or its wall-clock cap (``ae_minutes`` / ``unet_minutes``), whichever comes first.
"""
from __future__ import annotations

import copy
import dataclasses
import math
import os
import platform
import subprocess
import sys
import time

import torch
import torch.nn.functional as F
from tqdm import tqdm

from . import __version__
from .autoencoder import Autoencoder
from .config import Config, config_from_dict, parse_args
from .data import load_split, to_model_input
from .schedulers import Schedule
from .unet import latent_unet, vanilla_unet

# helpers


def pick_device(cfg: Config) -> torch.device:
    if cfg.device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    assert cfg.device in ("cpu", "cuda"), "device must be auto, cpu or cuda"
    return torch.device(cfg.device)


def git_sha() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except Exception:  # not a checkout
        return "unknown"


def hardware(device: torch.device, threads: int) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (CUDA), torch {torch.__version__}"
    cpu = platform.processor() or "cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} logical cores visible, {threads} torch thread(s), torch {torch.__version__}"


class EMA:
    """Exponential moving average of a model's parameters and buffers."""

    def __init__(self, model: torch.nn.Module, decay: float):
        self.model, self.decay = copy.deepcopy(model).eval().requires_grad_(False), decay

    @torch.no_grad()
    def update(self, model: torch.nn.Module, step: int) -> None:
        d = min(self.decay, (1 + step) / (10 + step))  # warm-up, as diffusers' EMAModel
        for e, p in zip(self.model.state_dict().values(), model.state_dict().values()):
            if e.dtype.is_floating_point:
                e.mul_(d).add_(p.detach(), alpha=1 - d)
            else:
                e.copy_(p)


def build_model(cfg: Config, phase: str) -> torch.nn.Module:
    assert phase in ("ae", "ldm", "vanilla"), "phase must be ae, ldm or vanilla"
    return {"ae": Autoencoder, "ldm": latent_unet, "vanilla": vanilla_unet}[phase](cfg)


def load_checkpoint(path: str, phase: str | None = None, ema: bool = True) -> tuple[torch.nn.Module, dict]:
    """(model with EMA or raw weights, checkpoint dict) from ``<run>/<phase>.pt``."""
    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    cfg = config_from_dict(ckpt["config"])
    model = build_model(cfg, phase or ckpt["phase"])
    model.load_state_dict(ckpt["ema" if ema else "model"])
    return model.eval(), ckpt

def learning_rate(cfg: Config, peak: float, step: int, total: int) -> float:
    """Learning rate at ``step``: linear warm-up over ``lr_warmup_steps``, then constant or cosine down to
    ``peak * lr_min_ratio`` at ``total`` steps. A function of the step alone, so a resumed run continues the curve."""
    assert cfg.lr_schedule in ("constant", "cosine"), "lr_schedule must be constant or cosine"
    if step < cfg.lr_warmup_steps:
        return peak * (step + 1) / cfg.lr_warmup_steps
    if cfg.lr_schedule == "constant":
        return peak
    progress = min(1.0, (step - cfg.lr_warmup_steps) / max(1, total - cfg.lr_warmup_steps))
    return peak * (cfg.lr_min_ratio + (1 - cfg.lr_min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def latent_scale(z: torch.Tensor, quantile: float) -> dict:
    """Scaling factor for unscaled latents ``z``: 1/std (Stable Diffusion's rule, unit-variance latents), bounded
    by 1/q with q the ``quantile`` of |z|, so at most a fraction 1 - quantile of scaled training values lies outside
    DDIM's x0 clip range [-1, 1]."""
    flat = z.flatten().double()
    std = flat.std().item()
    q = torch.quantile(flat.abs()[torch.randperm(flat.numel(), generator=torch.Generator().manual_seed(0))[:2_000_000]],
                       quantile).item()
    factor = min(1.0 / std, 1.0 / q)
    return dict(factor=factor, latent_std=std, latent_abs_quantile=q, quantile=quantile,
                bound="quantile" if 1.0 / q < 1.0 / std else "std")

# losses


def sample_timesteps(n: int, t_max: int, gen: torch.Generator | None = None, focus: int = 0,
                     focus_frac: float = 0.0) -> torch.Tensor:
    """n training timesteps: uniform on [0, t_max), except that a share ``focus_frac`` is uniform on [0, focus)."""
    t = torch.randint(0, t_max, (n,), generator=gen)
    if focus and focus_frac > 0:
        pick = torch.rand(n, generator=gen) < focus_frac
        t = torch.where(pick, torch.randint(0, focus, (n,), generator=gen), t)
    return t


def diffusion_loss(model, x0: torch.Tensor, sched: Schedule, gen: torch.Generator | None = None,
                   t_max: int | None = None, focus: int = 0, focus_frac: float = 0.0) -> torch.Tensor:
    """Epsilon-prediction MSE at t from ``sample_timesteps`` (default: uniform over all T steps)."""
    t = sample_timesteps(x0.shape[0], t_max or sched.T, gen, focus, focus_frac).to(x0.device)
    noise = torch.randn(x0.shape, generator=gen).to(x0.device)
    return F.mse_loss(model(sched.add_noise(x0, noise, t), t), noise)


@torch.no_grad()
def encode_all(ae: Autoencoder, x: torch.Tensor, device: torch.device, batch: int = 256) -> torch.Tensor:
    return torch.cat([ae.encode(x[s:s + batch].to(device)).float().cpu() for s in range(0, len(x), batch)])

def cached_latents(cfg: Config, train_x: torch.Tensor, val_x: torch.Tensor,
                   device: torch.device) -> tuple[torch.Tensor, torch.Tensor, float]:
    """Unscaled EMA-AE latents of the train and val images, cached in ``<out_dir>/latents.pt`` per AE checkpoint.

    Encoding is a one-off cost outside the phase's wall clock (``encode_s``); the cache spares a resumed
    UNet phase from paying it again (the paper AE encodes at ~0.4 s per image on one CPU thread).
    """
    ae_path, cache_path = os.path.join(cfg.out_dir, "ae.pt"), os.path.join(cfg.out_dir, "latents.pt")
    ae, ae_ckpt = load_checkpoint(ae_path, "ae")
    key = (ae_ckpt["step"], ae_ckpt["wall_s"], len(train_x), len(val_x))
    if os.path.exists(cache_path):
        cached = torch.load(cache_path)
        if cached["key"] == key:
            return cached["train"], cached["val"], cached["encode_s"]
    threads, t_enc = torch.get_num_threads(), time.time()
    torch.set_num_threads(cfg.encode_threads or threads)
    ae = ae.to(device)
    train_z = encode_all(ae, train_x, device)
    val_z = encode_all(ae, val_x, device)
    torch.set_num_threads(threads)
    encode_s = time.time() - t_enc
    torch.save(dict(key=key, train=train_z, val=val_z, encode_s=encode_s), cache_path + ".tmp")
    os.replace(cache_path + ".tmp", cache_path)
    return train_z, val_z, encode_s

# trainer


def train_phase(cfg: Config, phase: str, resume: bool = False) -> str:
    """Train one phase; returns the checkpoint path."""
    device = pick_device(cfg)
    torch.manual_seed(cfg.seed)
    data = load_split(cfg)
    train_x, val_x = to_model_input(data["train"]), to_model_input(data["val"])  # (N, 1, 32, 256)
    extra = {}
    if phase == "ldm":  # the UNet learns on frozen, scaled EMA-AE latents
        train_x, val_x, extra["encode_s"] = cached_latents(cfg, train_x, val_x, device)
        if cfg.scale_from_latents:  # recorded in the checkpoint's config, so export writes it to model.json
            extra["latent_scale"] = latent_scale(train_x, cfg.scale_quantile)
            cfg.scaling_factor = extra["latent_scale"]["factor"]
            print(f"latent scale: {extra['latent_scale']}")
        train_x, val_x = train_x * cfg.scaling_factor, val_x * cfg.scaling_factor
        extra["scaled_latent_stats"] = dict(std=train_x.std().item(), min=train_x.min().item(),
                                            max=train_x.max().item(),
                                            frac_outside_unit=(train_x.abs() > 1).float().mean().item())
        print(f"scaled latents: {extra['scaled_latent_stats']}")
    model = build_model(cfg, phase).to(device)
    ema = EMA(model, cfg.ema_decay)
    lr = cfg.ae_lr if phase == "ae" else cfg.unet_lr
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=cfg.weight_decay)
    steps = cfg.ae_steps if phase == "ae" else cfg.unet_steps
    minutes = cfg.ae_minutes if phase == "ae" else cfg.unet_minutes
    sched = Schedule(cfg.num_train_timesteps, cfg.beta_start, cfg.beta_end)
    path, csv_path = os.path.join(cfg.out_dir, f"{phase}.pt"), os.path.join(cfg.out_dir, f"{phase}_loss.csv")
    os.makedirs(cfg.out_dir, exist_ok=True)
    step, wall_prev = 0, 0.0
    if resume and os.path.exists(path):
        ckpt = torch.load(path, map_location="cpu", weights_only=False)
        assert phase != "ldm" or abs(ckpt["config"]["scaling_factor"] - cfg.scaling_factor) < 1e-9, \
            f"{path}: the UNet was trained at scaling factor {ckpt['config']['scaling_factor']}, the latents now give " \
            f"{cfg.scaling_factor} (was the autoencoder retrained?)"
        model.load_state_dict(ckpt["model"])
        ema.model.load_state_dict(ckpt["ema"])
        opt.load_state_dict(ckpt["opt"])
        step, wall_prev = ckpt["step"], ckpt["wall_s"]
        print(f"resumed {path} at step {step}")
    elif not resume or not os.path.exists(csv_path):
        with open(csv_path, "w") as f:
            f.write("step,epoch,train_loss,val_loss,wall_s,lr\n")

    def loss_of(m, x, gen=None):
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            return F.mse_loss(m(x), x) if phase == "ae" else diffusion_loss(m, x, sched, gen, cfg.train_t_max,
                                                                            cfg.train_t_focus, cfg.train_t_focus_frac)

    @torch.no_grad()
    def validate() -> float:
        gen = torch.Generator().manual_seed(1234)  # same t and noise every time
        losses = [loss_of(ema.model, val_x[s:s + 64].to(device), gen).item() for s in range(0, len(val_x), 64)]
        return sum(losses) / max(1, len(losses))

    def save(wall_s: float) -> None:
        torch.save(dict(phase=phase, model=model.state_dict(), ema=ema.model.state_dict(), opt=opt.state_dict(),
                        step=step, wall_s=wall_s, epochs=step * cfg.batch_size / len(train_x),
                        config=dataclasses.asdict(cfg), version=__version__, git_sha=git_sha(),
                        hardware=hardware(device, torch.get_num_threads()), train_leads=len(train_x),
                        val_leads=len(val_x), last_val_loss=last_val, **extra), path + ".tmp")
        os.replace(path + ".tmp", path)

    gen = torch.Generator().manual_seed(cfg.seed + step)
    t0, running, last_val = time.time(), [], float("nan")
    bar = tqdm(total=steps, initial=step, desc=phase, dynamic_ncols=True, mininterval=5)
    model.train()
    crop = cfg.ae_crop_width if phase == "ae" else 0
    assert not crop or not (any(cfg.ae_attention) or cfg.ae_mid_attention), "AE crops need an attention-free AE"
    while step < steps:
        idx = torch.randint(0, len(train_x), (cfg.batch_size,), generator=gen)
        batch = train_x[idx]
        if crop:  # one random time window per step (the AE is fully convolutional)
            start = 4 * int(torch.randint(0, (train_x.shape[-1] - crop) // 4 + 1, (1,), generator=gen))
            batch = batch[..., start:start + crop]
        for group in opt.param_groups:
            group["lr"] = learning_rate(cfg, lr, step, steps)
        loss = loss_of(model, batch.to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        ema.update(model, step)
        step += 1
        running.append(loss.item())
        bar.update(1)
        wall = wall_prev + time.time() - t0
        out_of_time = minutes > 0 and wall >= minutes * 60
        if step % cfg.val_every == 0 or step == steps or out_of_time:
            last_val = validate()
            train_loss = sum(running) / len(running)
            running = []
            with open(csv_path, "a") as f:
                f.write(f"{step},{step * cfg.batch_size / len(train_x):.3f},{train_loss:.6f},{last_val:.6f},{wall:.1f},"
                        f"{opt.param_groups[0]['lr']:.3g}\n")
            bar.set_postfix(train=f"{train_loss:.4f}", val=f"{last_val:.4f}")
            save(wall)
        if cfg.snapshot_every and step % cfg.snapshot_every == 0:
            os.makedirs(os.path.join(cfg.out_dir, "snapshots"), exist_ok=True)
            torch.save(dict(phase=phase, ema=ema.model.state_dict(), step=step, wall_s=wall, config=dataclasses.asdict(cfg),
                            **extra), os.path.join(cfg.out_dir, "snapshots", f"{phase}_{step:07d}.pt"))
        if out_of_time:
            print(f"{phase}: wall-clock cap of {minutes} min reached at step {step}")
            break
    bar.close()
    return path


if __name__ == "__main__":
    cfg, opts = parse_args(sys.argv[1:], extra={"phase": "all", "resume": False})
    torch.set_num_threads(cfg.num_threads)
    phases = {"all": ["ae", "ldm"], "ae": ["ae"], "ldm": ["ldm"], "vanilla": ["vanilla"]}[opts["phase"]]
    for ph in phases:
        print(f"phase {ph}: {train_phase(cfg, ph, resume=opts['resume'])}")
