"""Parameter counts and MACs per lead-segment (one 32x256 scalogram) for each configuration.

Run: ``python -m training.params`` (optionally ``--t=30 --step_interval=10`` for the UNet step count).
MACs are counted with ``torch.utils.flop_counter`` (FLOPs / 2) for one item: encoder + steps x UNet + decoder.
"""
from __future__ import annotations

import sys

import torch
from torch.utils.flop_counter import FlopCounterMode

from .autoencoder import Autoencoder
from .config import CONFIGS, make_config
from .unet import latent_unet, vanilla_unet


def macs(fn, *args) -> int:
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        fn(*args)
    return counter.get_total_flops() // 2


def count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def report(name: str, t: int = 30, interval: int = 10) -> dict:
    """Parameter counts and MACs of configuration ``name`` for one lead-segment."""
    cfg = make_config(name)
    steps = len(range(t, -1, -interval))
    ae, unet, van = Autoencoder(cfg).eval(), latent_unet(cfg).eval(), vanilla_unet(cfg).eval()
    img, z, ts = torch.zeros(1, 1, 32, 256), torch.zeros(1, cfg.latent_channels, 8, 64), torch.zeros(1, dtype=torch.long)
    enc, dec = macs(ae.encode, img), macs(ae.decode, z)
    un, vn = macs(unet, z, ts), macs(van, img, ts)
    return dict(config=name, encoder_params=count(ae.encoder) + count(ae.quant_conv),
                decoder_params=count(ae.decoder) + count(ae.post_quant_conv), unet_params=count(unet),
                vanilla_params=count(van), encoder_macs=enc, decoder_macs=dec, unet_macs=un, steps=steps,
                ldm_macs_per_segment=enc + dec + steps * un, vanilla_macs_per_segment=steps * vn)


if __name__ == "__main__":
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:])
    t, interval = int(opts.pop("t", 30)), int(opts.pop("step_interval", 10))
    assert not opts, f"unknown options {sorted(opts)}"
    for name in CONFIGS:
        r = report(name, t, interval)
        print(f"{name:8s} params: enc {r['encoder_params']:,} dec {r['decoder_params']:,} unet {r['unet_params']:,} "
              f"vanilla {r['vanilla_params']:,}")
        print(f"{'':8s} MACs/segment (t={t}, interval={interval}, {r['steps']} steps): LDM "
              f"{r['ldm_macs_per_segment'] / 1e6:.1f} M (enc {r['encoder_macs'] / 1e6:.1f}, dec "
              f"{r['decoder_macs'] / 1e6:.1f}, unet {r['unet_macs'] / 1e6:.1f} x {r['steps']}); vanilla "
              f"{r['vanilla_macs_per_segment'] / 1e6:.1f} M")
