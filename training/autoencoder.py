"""Plain convolutional autoencoder (the paper's "AutoencoderKL without KL"), MSE-trained on scalogram images.

image (B, 1, 32, 256) in [-1, 1] -> encode -> latent (B, latent_channels, 8, 64) -> decode -> image.
The diffusion model sees ``latent * scaling_factor``. Train with ``python -m training.train --phase=ae``.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import Config
from .nn_blocks import Attention, Downsample, ResnetBlock, Upsample, norm


class Encoder(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        ch, g = cfg.ae_channels, cfg.norm_groups
        self.conv_in = nn.Conv2d(1, ch[0], 3, padding=1)
        self.down = nn.ModuleList()
        c_prev = ch[0]
        for i, c in enumerate(ch):
            level = nn.ModuleList()
            for _ in range(cfg.ae_layers):
                level.append(ResnetBlock(c_prev, c, groups=g))
                c_prev = c
                if cfg.ae_attention[i]:
                    level.append(Attention(c, groups=g, head_dim=c))  # one head, as the diffusers VAE
            if i < len(ch) - 1:
                level.append(Downsample(c))
            self.down.append(level)
        self.mid = nn.ModuleList([ResnetBlock(c_prev, c_prev, groups=g)]
                                 + ([Attention(c_prev, groups=g, head_dim=c_prev)] if cfg.ae_mid_attention else [])
                                 + [ResnetBlock(c_prev, c_prev, groups=g)])
        self.norm_out = norm(c_prev, g)
        self.conv_out = nn.Conv2d(c_prev, cfg.latent_channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.conv_in(x)  # (B, C0, 32, 256)
        for level in self.down:
            for layer in level:
                h = layer(h)
        for layer in self.mid:
            h = layer(h)  # (B, C2, 8, 64)
        return self.conv_out(F.silu(self.norm_out(h)))


class Decoder(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        ch, g = cfg.ae_channels[::-1], cfg.norm_groups
        attn = cfg.ae_attention[::-1]
        self.conv_in = nn.Conv2d(cfg.latent_channels, ch[0], 3, padding=1)
        self.mid = nn.ModuleList([ResnetBlock(ch[0], ch[0], groups=g)]
                                 + ([Attention(ch[0], groups=g, head_dim=ch[0])] if cfg.ae_mid_attention else [])
                                 + [ResnetBlock(ch[0], ch[0], groups=g)])
        self.up = nn.ModuleList()
        c_prev = ch[0]
        for i, c in enumerate(ch):
            level = nn.ModuleList()
            for _ in range(cfg.ae_decoder_layers):
                level.append(ResnetBlock(c_prev, c, groups=g))
                c_prev = c
                if attn[i]:
                    level.append(Attention(c, groups=g, head_dim=c))
            if i < len(ch) - 1:
                level.append(Upsample(c))
            self.up.append(level)
        self.norm_out = norm(c_prev, g)
        self.conv_out = nn.Conv2d(c_prev, 1, 3, padding=1)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.conv_in(z)  # (B, C2, 8, 64)
        for layer in self.mid:
            h = layer(h)
        for level in self.up:
            for layer in level:
                h = layer(h)
        return self.conv_out(F.silu(self.norm_out(h)))  # (B, 1, 32, 256)


class Autoencoder(nn.Module):
    """Encoder + 1x1 quant conv, 1x1 post-quant conv + decoder. ``forward`` returns the reconstruction."""

    def __init__(self, cfg: Config):
        super().__init__()
        assert len(cfg.ae_channels) == 3, "two downsamplings: 32x256 -> 8x64"
        self.encoder, self.decoder = Encoder(cfg), Decoder(cfg)
        self.quant_conv = nn.Conv2d(cfg.latent_channels, cfg.latent_channels, 1)
        self.post_quant_conv = nn.Conv2d(cfg.latent_channels, cfg.latent_channels, 1)
        self.scaling_factor = cfg.scaling_factor

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """(B, 1, 32, 256) -> unscaled latent (B, 2, 8, 64)."""
        return self.quant_conv(self.encoder(x))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Unscaled latent (B, 2, 8, 64) -> image (B, 1, 32, 256)."""
        return self.decoder(self.post_quant_conv(z))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))
