"""The paper's quantification pipeline in PyTorch: image -> encode -> noise to t -> DDIM to 0 -> decode -> PSNR.

This is the reference the TypeScript engine must reproduce (parity fixture: ``python -m training.parity_fixture``).
"""
from __future__ import annotations

import torch

from .schedulers import DDIM
from .superlet_torch import model_output_to_image


@torch.no_grad()
def ldm_reconstruct(encoder, unet, decoder, image: torch.Tensor, noise: torch.Tensor, *, scaling_factor: float,
                    t: int = 30, interval: int = 10, schedule: DDIM | None = None) -> dict:
    """Reconstruct model-input images (B, 1, 32, 256) with the given latent noise (B, 2, 8, 64).

    Returns a dict with ``latent`` (unscaled encoder output), ``denoised_latent`` (scaled, after DDIM) and ``recon``
    (decoder output, B x 1 x 32 x 256).
    """
    sched = schedule or DDIM()
    latent = encoder(image)
    z = sched.add_noise(latent * scaling_factor, noise, t)
    for step_t in sched.timesteps(t, interval):
        ts = torch.full((z.shape[0],), step_t, dtype=torch.long)
        z = sched.step(unet(z, ts), step_t, z, interval)
    recon = decoder(z / scaling_factor)
    return {"latent": latent, "denoised_latent": z, "recon": recon}


def psnr(original: torch.Tensor, recon: torch.Tensor) -> torch.Tensor:
    """Per-item PSNR (dB) between model-space tensors (B, 1, H, W), both mapped to uint8 images as the reference
    (``model_output_to_image``): 10 log10(255^2 / MSE); inf when identical."""
    a = model_output_to_image(original).double()
    b = model_output_to_image(recon).double()
    mse = ((a - b) ** 2).flatten(1).mean(1)
    return 10 * torch.log10(255.0 ** 2 / mse)
