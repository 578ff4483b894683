"""Adaptive superlet scalogram in PyTorch (parity target: ../shared/golden/superlet_golden_cpu_x64.npz).

Reimplements the paper's scalogram (Han et al., arXiv 2506.11815; superlet of Moca et al. 2021 as in
irhum/superlets) so that training-data preprocessing runs batched on CPU or GPU:

1. freqs = linspace(0.5, 40, 32) Hz; base cycle 1; multiplicative orders, cycles_k = k for k = 1..16.
2. order(f) = 1 + round(15 · (f − 0.5) / 39.5) (Python ``round``: half to even).
3. complex Morlet for (f, c): t = linspace(−1, 1, 2·fs) s, bc = c / (5 f),
   w = exp(−t²/(2 bc²)) · exp(i 2π f t) / (bc √(2π)), then w /= Σ|w|.
4. response_k = √2 · conv_same(x, w_k) (same-mode convolution, centred like numpy/scipy ``mode="same"``),
   evaluated only at the time indices the resize in step 6 reads.
5. power(f) = geometric mean over k = 1..order(f) of |response_k|² (the reference takes the complex log-mean
   then |·|²; the real part of a complex log is log|·|, so this is identical), eps = 1e-12 added to response.
6. log10, linear resize of the time axis to 256 (``F.interpolate(mode="linear", align_corners=False)``; no
   antialiasing, as the reference), flip so row 0 = 40 Hz.

Run ``python -m training.superlet_torch`` to print the max error against the golden file.
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

# scalogram parameters (also written into model.json's input contract)
FREQ_MIN_HZ = 0.5
FREQ_MAX_HZ = 40.0
N_FREQS = 32
BASE_CYCLE = 1
MIN_ORDER = 1
MAX_ORDER = 16
WIDTH = 256
EPS = 1e-12
REF_MIN = -8.0  # log10 power mapped to 0 / -1
REF_MAX = 0.0  # log10 power mapped to 255 / +1


def superlet_params() -> dict:
    """Scalogram parameters as a plain dict (for model.json)."""
    return dict(freq_min_hz=FREQ_MIN_HZ, freq_max_hz=FREQ_MAX_HZ, n_freqs=N_FREQS, base_cycle=BASE_CYCLE,
                min_order=MIN_ORDER, max_order=MAX_ORDER, mode="multiplicative", width=WIDTH,
                resize="linear, align_corners=False, no antialias", row0="40 Hz", log="log10 power",
                clip=[REF_MIN, REF_MAX], eps=EPS)


def orders_per_freq(freqs: np.ndarray) -> list[int]:
    """Superlet order for each frequency (reference ``get_order``; Python round = half to even)."""
    lo, hi = float(freqs.min()), float(freqs.max())
    return [MIN_ORDER + round((MAX_ORDER - MIN_ORDER) * (float(f) - lo) / (hi - lo)) for f in freqs]


def morlet_bank(fs_hz: int, dtype=torch.float64) -> tuple[torch.Tensor, list[tuple[int, int]]]:
    """All Morlet wavelets actually used, as a complex tensor (n_wavelets, 2·fs) plus (freq index, order k) per row."""
    freqs = np.linspace(FREQ_MIN_HZ, FREQ_MAX_HZ, N_FREQS)
    t = torch.linspace(-1.0, 1.0, 2 * fs_hz, dtype=torch.float64)
    rows, index = [], []
    for fi, (f, order) in enumerate(zip(freqs, orders_per_freq(freqs))):
        for k in range(1, order + 1):
            cycles = k * BASE_CYCLE
            bc = cycles / (5.0 * f)
            gauss = torch.exp(-t ** 2 / (2 * bc ** 2)) / (bc * math.sqrt(2 * math.pi))
            w = gauss * torch.exp(1j * 2 * math.pi * f * t)
            rows.append(w / w.abs().sum())
            index.append((fi, k))
    cdtype = torch.complex128 if dtype == torch.float64 else torch.complex64
    return torch.stack(rows).to(cdtype), index


class Superlet(torch.nn.Module):
    """Batched adaptive superlet for one sampling rate and signal length.

    The same-mode convolution is evaluated directly (a matmul over sliding windows) and only at the time indices
    that the linear resize to 256 columns reads, which is ~4x less work than a full FFT convolution at 100 Hz.

    Parameters
    ----------
    fs_hz : int
        Sampling rate of the input signals.
    n_samples : int
        Signal length (samples).
    dtype : torch.dtype
        float64 for parity tests, float32 for fast preprocessing (max deviation ~2e-3 log10 units).
    """

    def __init__(self, fs_hz: int, n_samples: int, dtype=torch.float64):
        super().__init__()
        bank, index = morlet_bank(fs_hz, dtype)  # (W, K) complex
        self.n, self.k, self.dtype = n_samples, bank.shape[1], dtype
        start = (self.k - 1) // 2  # centre of the full convolution, as scipy/numpy mode="same"
        self.pad = (self.k - 1 - start, start)
        flipped = bank.flip(-1)  # out[n] = sum_v flipped[v] * x_padded[n + v]
        self.register_buffer("kernel", torch.cat([flipped.real, flipped.imag], 0).T.contiguous())  # (K, 2W)
        self.n_wavelets = bank.shape[0]
        freq_idx = torch.tensor([fi for fi, _ in index])
        onehot = torch.zeros(N_FREQS, len(index), dtype=dtype)
        onehot[freq_idx, torch.arange(len(index))] = 1.0
        orders = torch.tensor(orders_per_freq(np.linspace(FREQ_MIN_HZ, FREQ_MAX_HZ, N_FREQS)), dtype=dtype)
        self.register_buffer("mean_matrix", onehot / orders[:, None])  # (F, W): averages log power per freq
        # time indices read by F.interpolate(size=256, mode="linear", align_corners=False)
        scale = n_samples / WIDTH
        src = ((torch.arange(WIDTH, dtype=torch.float64) + 0.5) * scale - 0.5).clamp(min=0)
        i0 = src.floor().long()
        self.register_buffer("needed", torch.unique(torch.cat([i0, (i0 + 1).clamp(max=n_samples - 1)])))

    @torch.no_grad()
    def log_power(self, x: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        """log10 power (B, 32, len(idx)) at time indices idx, row 0 = 0.5 Hz."""
        xp = F.pad(x.to(self.dtype), self.pad)  # (B, T + K - 1)
        windows = xp.unfold(-1, self.k, 1)[:, idx]  # (B, N, K)
        resp = windows @ self.kernel  # (B, N, 2W): real and imaginary parts
        re, im = resp[..., :self.n_wavelets], resp[..., self.n_wavelets:]
        # sqrt(2)·(re + i·im) + eps, |.| in log: Re log(z) = log|z|
        log_mag = 0.5 * torch.log((math.sqrt(2.0) * re + EPS) ** 2 + (math.sqrt(2.0) * im) ** 2)
        mean_log = torch.einsum("fw,bnw->bfn", self.mean_matrix, log_mag)
        return 2.0 * mean_log / math.log(10.0)

    @torch.no_grad()
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Scalograms (B, 32, 256) float32, log10 power, row 0 = 40 Hz; x is (B, n_samples)."""
        full = torch.zeros(x.shape[0], N_FREQS, self.n, dtype=torch.float32, device=x.device)
        full[:, :, self.needed] = self.log_power(x, self.needed).float()
        out = F.interpolate(full, size=WIDTH, mode="linear", align_corners=False)
        return out.flip(1)


def scalogram(signal: np.ndarray, fs_hz: int, dtype=torch.float64) -> np.ndarray:
    """Scalogram of one (T,) or many (B, T) signals, float32 (…, 32, 256)."""
    x = torch.as_tensor(np.atleast_2d(signal))
    out = Superlet(fs_hz, x.shape[-1], dtype)(x).numpy()
    return out[0] if np.ndim(signal) == 1 else out


def to_image(scal: np.ndarray | torch.Tensor):
    """Reference ``scalogram_to_image``: clip to [−8, 0], map to 0..255, round half to even, uint8."""
    if torch.is_tensor(scal):
        s = scal.clamp(REF_MIN, REF_MAX)
        return torch.round((s - REF_MIN) / (REF_MAX - REF_MIN) * 255).to(torch.uint8)
    s = np.clip(scal, REF_MIN, REF_MAX)
    return np.round((s - REF_MIN) / (REF_MAX - REF_MIN) * 255).astype(np.uint8)


def to_model_input(scal):
    """Reference ``scalogram_to_model_input``: 8-bit image / 127.5 − 1, float32 in [−1, 1]."""
    img = to_image(scal)
    if torch.is_tensor(img):
        return img.float() / 127.5 - 1.0
    return img.astype(np.float32) / 127.5 - 1.0


def model_output_to_image(sample):
    """Reference ``model_output_to_image``: (x + 1) · 127.5 + 0.5, clip to [0, 255], truncate to uint8."""
    if torch.is_tensor(sample):
        return ((sample + 1) * 127.5 + 0.5).clamp(0, 255).to(torch.uint8)
    return np.clip((sample + 1) * 127.5 + 0.5, 0, 255).astype(np.uint8)


if __name__ == "__main__":
    golden = np.load("../shared/golden/superlet_golden_cpu_x64.npz")
    for name in sorted({k.split(".")[0] for k in golden.files}):
        sig = golden[f"{name}.signal"]
        fs = int(name.split("_")[-1].replace("hz", ""))
        ref = golden[f"{name}.scalogram"]
        got = scalogram(sig, fs)
        mask = ref >= -8
        err = np.abs(got - ref)[mask].max() if mask.any() else 0.0
        img_diff = np.abs(to_image(got).astype(int) - golden[f"{name}.image"]).max()
        print(f"{name:28s} max|err| (golden>=-8) {err:.2e}  max image diff {img_diff}")
