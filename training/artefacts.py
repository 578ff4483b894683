"""Noise added to clean leads for the score study: real NSTDB noise and a synthetic electrode-motion proxy.

- ``bw`` / ``ma``: the MIT-BIH Noise Stress Test DB baseline-wander and muscle-artefact records (360 Hz, format 212,
  gain 0 -> 200 adu/mV), resampled to the lead's rate.
- ``em_proxy``: NSTDB's third noise type, electrode motion, is not in ../shared. This synthetic stand-in mimics what
  makes it hard for a scalogram model: in-band (0.5-15 Hz), irregular, beat-sized transients and baseline steps. It is a
  sum of (a) Poisson motion events (about one per second, each a smoothed step or a biphasic pulse of 60-400 ms with a
  log-uniform amplitude) and (b) band-limited (0.5-12 Hz) random-walk noise. Used only to check that a setting
  responds to in-band artefacts; never for training (the model trains on clean leads only).

Noise is mixed as NSTDB does (and as the engine's ``mixAtSnr``): mean removed, scaled so that
power(clean) / power(noise) = 10^(SNR/10) on the unfiltered signals.
"""
from __future__ import annotations

import os

import numpy as np
from scipy.signal import butter, resample_poly, sosfiltfilt

NSTDB = "../shared/data/nstdb"


def read_212(path: str, n_signals: int) -> np.ndarray:
    """WFDB format 212 samples (n_signals, n) as adu (two 12-bit samples in three bytes)."""
    raw = np.fromfile(path, np.uint8)
    raw = raw[: len(raw) // 3 * 3].reshape(-1, 3).astype(np.int32)
    a = raw[:, 0] | ((raw[:, 1] & 0x0F) << 8)
    b = raw[:, 2] | ((raw[:, 1] & 0xF0) << 4)
    samples = np.stack([a, b], axis=1).reshape(-1)
    samples = np.where(samples >= 2048, samples - 4096, samples)
    return samples[: len(samples) // n_signals * n_signals].reshape(-1, n_signals).T


def nstdb_noise(kind: str, fs_hz: int) -> np.ndarray:
    """NSTDB record ``kind`` ('bw' or 'ma') in mV (200 adu/mV), both channels, resampled to ``fs_hz``."""
    assert kind in ("bw", "ma"), "kind must be bw or ma"
    x = read_212(os.path.join(NSTDB, f"{kind}.dat"), 2).astype(np.float64) / 200.0
    g = np.gcd(fs_hz, 360)
    return resample_poly(x, fs_hz // g, 360 // g, axis=1)


def em_proxy(n: int, fs_hz: int, rng: np.random.Generator) -> np.ndarray:
    """Synthetic electrode-motion-like noise of ``n`` samples (arbitrary units; scaled by ``mix_at_snr``)."""
    t = np.arange(n) / fs_hz
    x = np.zeros(n)
    for _ in range(rng.poisson(n / fs_hz)):
        centre, width = rng.uniform(0, n / fs_hz), rng.uniform(0.06, 0.4)
        amp = np.exp(rng.uniform(np.log(0.3), np.log(3.0))) * rng.choice([-1, 1])
        if rng.random() < 0.5:  # smoothed baseline step
            x += amp * 0.5 * (1 + np.tanh((t - centre) / (width / 4)))
        else:  # biphasic pulse
            u = (t - centre) / width
            x += amp * -u * np.exp(0.5 - 2 * u ** 2) * 1.4
    walk = np.cumsum(rng.normal(size=n))
    walk = sosfiltfilt(butter(2, [0.5, 12], btype="band", fs=fs_hz, output="sos"), walk)
    walk *= x.std() / (walk.std() or 1.0) if x.std() > 0 else 1.0
    return x + walk


def mix_at_snr(clean: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """clean + g (noise - mean) with power(clean) / power(g (noise - mean)) = 10^(snr_db / 10)."""
    centred = noise - noise.mean()
    gain = np.sqrt(np.mean(clean ** 2) / (np.mean(centred ** 2) * 10 ** (snr_db / 10)))
    return clean + gain * centred


def contract(x: np.ndarray, fs_hz: int) -> np.ndarray:
    """The model's input contract on a lead at the model rate: 0.5-40 Hz zero-phase Butterworth(4), z-score."""
    y = sosfiltfilt(butter(4, [0.5, 40], btype="band", fs=fs_hz, output="sos"), x)
    return (y - y.mean()) / (y.std() or 1.0)
