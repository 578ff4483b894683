"""UNets that predict the added noise epsilon: the latent UNet of the LDM and the vanilla pixel-space UNet.

Both follow diffusers' UNet2DModel layout: sinusoidal timestep embedding -> MLP; conv_in; down levels of ResNet blocks
(+ self-attention where configured) with skip connections; mid block (ResNet, attention, ResNet); up levels with
``layers + 1`` ResNet blocks that concatenate the skips; GroupNorm-SiLU-conv_out. Time conditioning is scale-shift.

``sample`` (B, C, H, W) float32, ``timestep`` (B,) int64 -> ``noise_pred`` (B, C, H, W).
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import Config
from .nn_blocks import Attention, Downsample, ResnetBlock, Upsample, norm


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal embedding (diffusers ``get_timestep_embedding``, flip_sin_to_cos=True, shift 0): (B,) -> (B, dim)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None]  # (B, half)
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class UNet(nn.Module):
    """Epsilon-prediction UNet.

    Parameters
    ----------
    in_channels : int
        Channels of ``sample`` (latent channels, or 1 for the pixel model).
    channels : tuple of int
        Channels per level; ``len(channels) - 1`` downsamplings.
    attention : tuple of bool
        Self-attention per level.
    layers, groups, head_dim, mid_attention
        ResNet blocks per level, GroupNorm groups, channels per attention head, attention in the mid block.
    """

    def __init__(self, *, in_channels: int, channels: tuple, attention: tuple, layers: int, groups: int,
                 head_dim: int, mid_attention: bool = True):
        super().__init__()
        assert len(channels) == len(attention), "one attention flag per level"
        c0, temb_dim = channels[0], 4 * channels[0]
        self.c0 = c0
        self.time_mlp = nn.Sequential(nn.Linear(c0, temb_dim), nn.SiLU(), nn.Linear(temb_dim, temb_dim))
        self.conv_in = nn.Conv2d(in_channels, c0, 3, padding=1)
        block = dict(groups=groups, temb_dim=temb_dim)
        self.down, skips, c_prev = nn.ModuleList(), [c0], c0
        for i, c in enumerate(channels):
            for _ in range(layers):
                self.down.append(nn.ModuleList([ResnetBlock(c_prev, c, **block)]
                                               + ([Attention(c, groups=groups, head_dim=head_dim)] if attention[i] else [])))
                c_prev = c
                skips.append(c)
            if i < len(channels) - 1:
                self.down.append(nn.ModuleList([Downsample(c)]))
                skips.append(c)
        self.mid = nn.ModuleList([ResnetBlock(c_prev, c_prev, **block)]
                                 + ([Attention(c_prev, groups=groups, head_dim=head_dim)] if mid_attention else [])
                                 + [ResnetBlock(c_prev, c_prev, **block)])
        self.up = nn.ModuleList()
        for i in reversed(range(len(channels))):
            c = channels[i]
            for _ in range(layers + 1):
                self.up.append(nn.ModuleList([ResnetBlock(c_prev + skips.pop(), c, **block)]
                                             + ([Attention(c, groups=groups, head_dim=head_dim)] if attention[i] else [])))
                c_prev = c
            if i > 0:
                self.up.append(nn.ModuleList([Upsample(c)]))
        self.norm_out = norm(c_prev, groups)
        self.conv_out = nn.Conv2d(c_prev, in_channels, 3, padding=1)

    @staticmethod
    def _run(layers: nn.ModuleList, h: torch.Tensor, temb: torch.Tensor) -> torch.Tensor:
        for layer in layers:
            h = layer(h, temb) if isinstance(layer, ResnetBlock) else layer(h)
        return h

    def forward(self, sample: torch.Tensor, timestep: torch.Tensor) -> torch.Tensor:
        temb = self.time_mlp(timestep_embedding(timestep, self.c0))  # (B, 4*C0)
        h = self.conv_in(sample)
        hs = [h]
        for layers in self.down:
            h = self._run(layers, h, temb)
            hs.append(h)
        h = self._run(self.mid, h, temb)
        for layers in self.up:
            if isinstance(layers[0], ResnetBlock):
                h = torch.cat([h, hs.pop()], dim=1)
            h = self._run(layers, h, temb)
        return self.conv_out(F.silu(self.norm_out(h)))


def latent_unet(cfg: Config) -> UNet:
    """The LDM's UNet on the (latent_channels, 8, 64) latent."""
    return UNet(in_channels=cfg.latent_channels, channels=cfg.unet_channels, attention=cfg.unet_attention,
                layers=cfg.unet_layers, groups=cfg.norm_groups, head_dim=cfg.attention_head_dim,
                mid_attention=cfg.unet_mid_attention)


def vanilla_unet(cfg: Config) -> UNet:
    """The vanilla pixel-space UNet on (1, 32, 256) images."""
    return UNet(in_channels=1, channels=cfg.vanilla_channels, attention=cfg.vanilla_attention,
                layers=cfg.unet_layers, groups=cfg.norm_groups, head_dim=cfg.attention_head_dim,
                mid_attention=cfg.unet_mid_attention)
