"""Schedulers vs closed forms (equations in training/schedulers.py's docstring)."""
import numpy as np
import torch

from training.schedulers import DDIM, DDPM, reconstruct


def test_alphas_cumprod_closed_form():
    s = DDIM()
    betas = np.linspace(1e-4, 0.02, 1000)
    assert np.allclose(s.alphas_cumprod.numpy(), np.cumprod(1 - betas), rtol=1e-12)
    assert abs(float(s.alphas_cumprod[0]) - (1 - 1e-4)) < 1e-15
    # diffusers' linear schedule ends near 4.04e-5 (1 - beta products); a loose sanity bound on the far end
    assert 3.9e-5 < float(s.alphas_cumprod[-1]) < 4.2e-5


def test_timesteps():
    s = DDIM()
    assert s.timesteps(30, 10) == [30, 20, 10, 0]
    assert s.timesteps(250, 1)[:3] == [250, 249, 248] and s.timesteps(250, 1)[-1] == 0
    assert s.leading_timesteps(50)[:3] == [980, 960, 940] and s.leading_timesteps(50)[-1] == 0


def test_ddim_step_with_true_noise_lands_on_forward_marginal():
    s = DDIM()
    g = torch.Generator().manual_seed(0)
    x0 = torch.rand(2, 2, 8, 64, generator=g, dtype=torch.float64) * 1.6 - 0.8
    eps = torch.randn(2, 2, 8, 64, generator=g, dtype=torch.float64)
    x30 = s.add_noise(x0, eps, 30)
    a30, a20 = float(s.alphas_cumprod[30]), float(s.alphas_cumprod[20])
    assert torch.allclose(x30, a30 ** 0.5 * x0 + (1 - a30) ** 0.5 * eps)
    x20 = s.step(eps, 30, x30, 10)
    assert torch.allclose(x20, a20 ** 0.5 * x0 + (1 - a20) ** 0.5 * eps, atol=1e-12)
    # last step (prev < 0, set_alpha_to_one): returns x0 itself
    x10 = s.add_noise(x0, eps, 10)
    assert torch.allclose(s.step(eps, 10, x10, 20), x0, atol=1e-12)


def test_ddim_clips_x0():
    s = DDIM()
    x_t = torch.full((1, 4), 5.0, dtype=torch.float64)
    eps = torch.zeros(1, 4, dtype=torch.float64)
    # x0 = 5 / sqrt(abar_30) > 1 -> clipped to 1; prev (t=20) = sqrt(abar_20) * 1
    out = s.step(eps, 30, x_t, 10)
    assert torch.allclose(out, torch.full_like(out, float(s.alphas_cumprod[20]) ** 0.5))


def test_ddpm_step_closed_form():
    s = DDPM()
    x0 = torch.tensor([[0.3, -0.5]], dtype=torch.float64)
    eps = torch.tensor([[0.2, 1.0]], dtype=torch.float64)
    x_t = s.add_noise(x0, eps, 0)
    assert torch.allclose(s.step(eps, 0, x_t), x0)  # t = 0: posterior mean is x0, no noise
    t = 100
    x_t = s.add_noise(x0, eps, t)
    a_t, a_p = float(s.alphas_cumprod[t]), float(s.alphas_cumprod[t - 1])
    beta, alpha = float(s.betas[t]), float(s.alphas[t])
    mean = (a_p ** 0.5 * beta / (1 - a_t)) * x0 + (alpha ** 0.5 * (1 - a_p) / (1 - a_t)) * x_t
    var = (1 - a_p) / (1 - a_t) * beta
    g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    z = torch.randn(x_t.shape, generator=g2, dtype=torch.float64)
    assert torch.allclose(s.step(eps, t, x_t, generator=g1), mean + var ** 0.5 * z)


def test_reconstruct_with_oracle_unet_recovers_x0():
    s = DDIM()
    x0 = torch.rand(1, 2, 8, 64, dtype=torch.float64) - 0.5
    noise = torch.randn(1, 2, 8, 64, dtype=torch.float64)

    def oracle(x, t):  # predicts the exact noise of x w.r.t. x0
        a = s.alphas_cumprod[t].reshape(-1, 1, 1, 1)
        return (x - a.sqrt() * x0) / (1 - a).sqrt()

    assert torch.allclose(reconstruct(oracle, x0, noise, t=30, interval=10, schedule=s), x0, atol=1e-10)
