"""Named model + training configurations and the ``--key=value`` override parser.

Usage (any training or export command): ``python -m training.train --config=compact --ae_steps=2000``.
Overrides must name an existing field and parse to the field's type; unknown keys fail.
Configurations: ``paper`` (sizes of Han et al. 2025), ``compact`` (designed for CPU speed), ``tiny`` (tests).
"""
from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field


@dataclass
class Config:
    name: str = "compact"  # configuration name (recorded in checkpoints and model.json)
    # autoencoder (plain AE, no KL): image (1, 32, 256) -> latent (latent_channels, 8, 64)
    ae_channels: tuple = (8, 16, 32)  # channels per level; len - 1 downsamplings (must give 4x)
    ae_layers: int = 1  # ResNet blocks per encoder level
    ae_decoder_layers: int = 1  # ResNet blocks per decoder level (paper / diffusers: ae_layers + 1)
    ae_attention: tuple = (False, False, False)  # self-attention per level
    ae_mid_attention: bool = False  # self-attention in the mid block (paper: True)
    latent_channels: int = 2  # latent channels
    scaling_factor: float = 0.18215  # latent scaling before diffusion (as Stable Diffusion / the paper); see scale_from_latents
    scale_from_latents: bool = True  # ldm phase sets scaling_factor = min(1/std, 1/q) of the training latents (q below)
    scale_quantile: float = 0.999  # |latent| quantile mapped to 1 at most, so DDIM's x0 clip to [-1, 1] rarely acts
    norm_groups: int = 8  # GroupNorm groups (paper: 32)
    # latent UNet (epsilon prediction, scale-shift time conditioning)
    unet_channels: tuple = (16, 32, 48)  # channels per level
    unet_layers: int = 1  # ResNet blocks per level (up path uses unet_layers + 1)
    unet_attention: tuple = (False, False, True)  # self-attention per level
    unet_mid_attention: bool = True  # self-attention in the mid block
    attention_head_dim: int = 32  # channels per attention head
    # vanilla pixel-space UNet (model_type=vanilla)
    vanilla_channels: tuple = (16, 16, 32, 32, 48)  # channels per level (4 downsamplings: 32x256 -> 2x16)
    vanilla_attention: tuple = (False, False, True, True, True)  # attention per level
    # diffusion (diffusers defaults)
    num_train_timesteps: int = 1000  # training steps of the forward process
    beta_start: float = 1e-4  # linear beta schedule start
    beta_end: float = 0.02  # linear beta schedule end
    train_t_max: int = 1000  # training draws t uniformly from [0, train_t_max); < T focuses on the scoring range
    train_t_focus: int = 0  # with probability train_t_focus_frac, t is drawn from [0, train_t_focus) instead (0 = off)
    train_t_focus_frac: float = 0.0  # share of training items drawn from the focus range
    default_t: int = 30  # noise level for quantification (paper)
    step_interval: int = 10  # DDIM step interval for quantification (paper): 30, 20, 10, 0
    # data
    data_npz: str = "../shared/data/ptbxl/ptbxl_subset_100hz.npz"  # PTB-XL subset signals
    data_csv: str = "../shared/data/ptbxl/ptbxl_subset.csv"  # per-lead noise labels + folds
    subset_csv: str = ""  # optional refined-subset CSV (record id + lead) restricting training rows
    train_folds: tuple = (1, 2, 3, 4, 5, 6, 7, 8)  # folds used for training
    val_folds: tuple = (9,)  # folds used for validation
    max_train_leads: int = 0  # 0 = all; else a random cap (quick runs / tests)
    # optimisation
    model_type: str = "ldm"  # ldm (autoencoder + latent UNet) or vanilla (pixel UNet)
    batch_size: int = 32  # training batch
    ae_crop_width: int = 64  # AE trains on random time crops of this width (0 = full 256; needs no AE attention)
    ae_lr: float = 2e-3  # AdamW learning rate, autoencoder
    unet_lr: float = 1e-3  # AdamW learning rate, UNet
    weight_decay: float = 1e-2  # AdamW weight decay
    grad_clip: float = 1.0  # gradient norm clip
    ema_decay: float = 0.999  # EMA of weights (used for export)
    lr_schedule: str = "cosine"  # constant or cosine (linear warm-up, then cosine from lr to lr * lr_min_ratio at the step count)
    lr_warmup_steps: int = 200  # linear warm-up steps
    lr_min_ratio: float = 0.05  # final learning rate / peak learning rate (cosine)
    ae_steps: int = 3000  # autoencoder optimisation steps (0 = skip)
    unet_steps: int = 6000  # UNet optimisation steps
    ae_minutes: float = 0.0  # wall-clock cap for the AE phase in minutes (0 = none)
    unet_minutes: float = 0.0  # wall-clock cap for the UNet phase in minutes (0 = none)
    val_every: int = 100  # steps between validation losses + checkpoints
    snapshot_every: int = 0  # steps between EMA-only snapshots <out_dir>/snapshots/<phase>_<step>.pt (0 = none; learning curves)
    val_items: int = 256  # validation items used for the loss (fixed, evenly spaced over the val split)
    seed: int = 0  # RNG seed
    device: str = "auto"  # auto, cpu or cuda
    num_threads: int = 1  # torch CPU threads (CPUs here are shared)
    encode_threads: int = 0  # torch CPU threads for the one-off latent encoding before the UNet phase (0 = num_threads)
    out_dir: str = "runs/compact"  # run directory (checkpoints, loss CSV, cache)
    cache_dir: str = "runs/cache"  # scalogram cache (.pt)


CONFIGS: dict[str, dict] = {
    "compact": {},
    # Han et al. 2025: 64*(1,2,4), 2 layers, attention in the two deeper levels + mid, GroupNorm(32)
    "paper": dict(name="paper", ae_channels=(64, 128, 256), ae_layers=2, ae_decoder_layers=3, ae_attention=(False, True, True),
                  norm_groups=32, unet_channels=(64, 128, 256), unet_layers=2, unet_attention=(False, True, True),
                  attention_head_dim=64, ae_mid_attention=True, ae_lr=1e-4, unet_lr=1e-4, ema_decay=0.999, ae_crop_width=0, vanilla_channels=(64, 128, 128, 192, 256),
                  vanilla_attention=(False, False, True, True, True), out_dir="runs/paper", batch_size=32,
                  lr_schedule="constant", lr_warmup_steps=0, scale_from_latents=False),  # as compared in docs/config-comparison.md
    "tiny": dict(name="tiny", ae_channels=(8, 16, 16), ae_layers=1, ae_decoder_layers=1, ae_mid_attention=True, norm_groups=4,
                 unet_channels=(8, 8, 16), unet_layers=1, unet_attention=(False, False, True),
                 attention_head_dim=8, vanilla_channels=(8, 8, 16, 16, 16),
                 vanilla_attention=(False, False, False, True, True), batch_size=8, ae_crop_width=0, ae_steps=30, unet_steps=30,
                 val_every=15, max_train_leads=64, out_dir="runs/tiny",
                 ema_decay=0.995, lr_schedule="constant", lr_warmup_steps=0, scale_from_latents=False),  # the parity fixtures' settings
}


def make_config(name: str = "compact", **overrides) -> Config:
    """Config ``name`` with keyword overrides (unknown names fail)."""
    assert name in CONFIGS, f"config must be one of {sorted(CONFIGS)}"
    cfg = Config(**{**CONFIGS[name], **overrides})
    return cfg


def _parse_value(text: str, default):
    if isinstance(default, str):
        return text
    value = ast.literal_eval(text)
    if isinstance(default, bool):
        assert isinstance(value, bool), f"expected bool, got {text!r}"
    elif isinstance(default, float) and isinstance(value, int):
        value = float(value)
    elif isinstance(default, tuple) and isinstance(value, (list, tuple)):
        value = tuple(value)
    assert type(value) is type(default), f"expected {type(default).__name__}, got {text!r}"
    return value


def parse_args(argv: list[str], extra: dict | None = None) -> tuple[Config, dict]:
    """Parse ``--config=NAME`` then ``--key=value`` overrides; keys in ``extra`` (name -> default) are returned apart."""
    extra = dict(extra or {})
    pairs = []
    for arg in argv:
        assert arg.startswith("--") and "=" in arg, f"arguments look like --key=value, got {arg!r}"
        key, value = arg[2:].split("=", 1)
        pairs.append((key, value))
    name = dict(pairs).get("config", "compact")
    cfg = make_config(name)
    fields = {f.name: f for f in dataclasses.fields(Config)}
    for key, value in pairs:
        if key == "config":
            continue
        if key in extra:
            extra[key] = _parse_value(value, extra[key]) if extra[key] is not None else value
        elif key in fields:
            setattr(cfg, key, _parse_value(value, getattr(cfg, key)))
        else:
            raise SystemExit(f"unknown option --{key} (fields: {', '.join(sorted(fields))})")
    return cfg, extra


def config_from_dict(d: dict) -> Config:
    """Rebuild a Config saved with ``dataclasses.asdict`` (lists back to tuples)."""
    names = {f.name for f in dataclasses.fields(Config)}
    return Config(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items() if k in names})
