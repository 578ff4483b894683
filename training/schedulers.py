"""DDPM and DDIM schedulers matching diffusers' defaults (epsilon prediction), plus the paper's reverse process.

Equations (t = 0..T-1, T = 1000):
    beta_t = linspace(1e-4, 0.02, T)            (linear)
    alpha_t = 1 - beta_t,   abar_t = prod_{s<=t} alpha_s
    forward / add_noise:  x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps
    x0 prediction:        x0 = (x_t - sqrt(1 - abar_t) eps_hat) / sqrt(abar_t),  clipped to [-1, 1] (clip_sample=True)
DDPM step t -> t-1 (variance "fixed_small"):
    mean = [sqrt(abar_{t-1}) beta_t / (1 - abar_t)] x0 + [sqrt(alpha_t) (1 - abar_{t-1}) / (1 - abar_t)] x_t
    var  = (1 - abar_{t-1}) / (1 - abar_t) beta_t  (clamped >= 1e-20);  x_{t-1} = mean + sqrt(var) z  (no noise at t=0)
DDIM step t -> prev = t - interval (eta = 0, set_alpha_to_one=True: abar_prev = 1 when prev < 0):
    x_prev = sqrt(abar_prev) x0 + sqrt(1 - abar_prev) eps_hat       (eps_hat unclipped: use_clipped_model_output=False)
    "leading" spacing for N inference steps: interval = T // N, timesteps = (arange(N) * interval)[::-1].

Paper reverse process (quantification): z = encode(image) * 0.18215; z_t = add_noise(z, noise, t=30);
DDIM over timesteps 30, 20, 10, 0 (step interval 10); image = decode(z_0 / 0.18215). clip_sample acts on the
*latent* x0 here: that is what diffusers' DDIMScheduler (clip_sample=True default) does in the reference, so we keep it
(scaled latents of a well-trained AE lie well inside [-1, 1]).
"""
from __future__ import annotations

import torch


class Schedule:
    """Linear-beta schedule; ``alphas_cumprod`` in float64."""

    def __init__(self, num_train_timesteps: int = 1000, beta_start: float = 1e-4, beta_end: float = 0.02):
        self.T = num_train_timesteps
        self.betas = torch.linspace(beta_start, beta_end, num_train_timesteps, dtype=torch.float64)
        self.alphas = 1.0 - self.betas
        self.alphas_cumprod = torch.cumprod(self.alphas, dim=0)

    def _abar(self, t: torch.Tensor | int, like: torch.Tensor) -> torch.Tensor:
        a = self.alphas_cumprod[torch.as_tensor(t, dtype=torch.long)]
        return a.to(like.dtype).to(like.device).reshape(-1, *([1] * (like.dim() - 1))) if a.dim() else a.item()

    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor | int) -> torch.Tensor:
        """x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) noise; t scalar or (B,)."""
        a = self._abar(t, x0)
        return a ** 0.5 * x0 + (1 - a) ** 0.5 * noise

    def pred_x0(self, x_t: torch.Tensor, eps: torch.Tensor, t: int, clip: bool = True) -> torch.Tensor:
        a = float(self.alphas_cumprod[t])
        x0 = (x_t - (1 - a) ** 0.5 * eps) / a ** 0.5
        return x0.clamp(-1, 1) if clip else x0


class DDIM(Schedule):
    """DDIM, eta 0, set_alpha_to_one=True, clip_sample=True."""

    def timesteps(self, t_start: int, interval: int) -> list[int]:
        """Timesteps from t_start down to >= 0 by interval (30, 10 -> [30, 20, 10, 0])."""
        return list(range(t_start, -1, -interval))

    def leading_timesteps(self, num_inference_steps: int) -> list[int]:
        """diffusers ``set_timesteps`` with "leading" spacing (steps_offset 0)."""
        interval = self.T // num_inference_steps
        return [i * interval for i in range(num_inference_steps)][::-1]

    def step(self, eps: torch.Tensor, t: int, x_t: torch.Tensor, interval: int, clip: bool = True) -> torch.Tensor:
        prev = t - interval
        a_prev = float(self.alphas_cumprod[prev]) if prev >= 0 else 1.0
        x0 = self.pred_x0(x_t, eps, t, clip)
        return a_prev ** 0.5 * x0 + (1 - a_prev) ** 0.5 * eps


class DDPM(Schedule):
    """DDPM ancestral step, variance fixed_small, clip_sample=True."""

    def step(self, eps: torch.Tensor, t: int, x_t: torch.Tensor, generator: torch.Generator | None = None,
             clip: bool = True) -> torch.Tensor:
        a_t = float(self.alphas_cumprod[t])
        a_prev = float(self.alphas_cumprod[t - 1]) if t > 0 else 1.0
        beta, alpha = float(self.betas[t]), float(self.alphas[t])
        x0 = self.pred_x0(x_t, eps, t, clip)
        mean = (a_prev ** 0.5 * beta / (1 - a_t)) * x0 + (alpha ** 0.5 * (1 - a_prev) / (1 - a_t)) * x_t
        if t == 0:
            return mean
        var = max((1 - a_prev) / (1 - a_t) * beta, 1e-20)
        z = torch.randn(x_t.shape, generator=generator, dtype=x_t.dtype).to(x_t.device)
        return mean + var ** 0.5 * z


@torch.no_grad()
def reconstruct(unet, x0: torch.Tensor, noise: torch.Tensor, *, t: int = 30, interval: int = 10,
                schedule: DDIM | None = None) -> torch.Tensor:
    """Noise x0 to step t with the given noise, then DDIM back to 0 (the paper's reverse process, without the AE)."""
    sched = schedule or DDIM()
    x = sched.add_noise(x0, noise, t)
    for step_t in sched.timesteps(t, interval):
        ts = torch.full((x.shape[0],), step_t, dtype=torch.long, device=x.device)
        x = sched.step(unet(x, ts), step_t, x, interval)
    return x
