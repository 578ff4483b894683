"""PTB-XL subset scalogram dataset: clean leads of folds 1-8 (train) and fold 9 (validation).

A lead is clean when no noise label (baseline_drift, static_noise, burst_noise, electrodes_problems) names it; rows
whose label fields are empty are skipped. Scalograms come from ``superlet_torch`` (float32, matches the float64 goldens
within ~2e-3 log10 units) and are cached once as uint8 images in ``<cache_dir>/ptbxl_<hash>.pt``.

A refined-subset CSV (``--subset_csv=FILE``) restricts training rows: it needs a record column (``ecg_id``,
``record_id`` or ``record``) and a lead column (``lead``, ``lead_index`` or ``lead_name``: 0-11 or I, II, ... V6);
only clean-labelled pairs that it lists are kept.

Run ``python -m training.data`` to build the cache and print the counts.
"""
from __future__ import annotations

import ast
import csv
import hashlib
import os
import sys
import time

import numpy as np
import torch
from tqdm import tqdm

from .config import Config, parse_args
from .superlet_torch import Superlet, to_image

LEAD_NAMES = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
NOISE_COLUMNS = ["baseline_drift", "static_noise", "burst_noise", "electrodes_problems"]


def clean_leads(csv_path: str) -> dict[int, set[int]]:
    """ecg_id -> set of clean lead indices (rows with empty label fields are left out)."""
    out = {}
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            if any(row[c].strip() == "" for c in NOISE_COLUMNS):
                continue
            noisy = set().union(*(ast.literal_eval(row[c]) for c in NOISE_COLUMNS))
            out[int(row["ecg_id"])] = set(range(12)) - noisy
    return out


def read_subset(csv_path: str) -> set[tuple[int, int]]:
    """(ecg_id, lead index) pairs listed by a refined-subset CSV."""
    pairs = set()
    with open(csv_path, newline="") as f:
        reader = csv.DictReader(f)
        cols = reader.fieldnames or []
        rec = next((c for c in ("ecg_id", "record_id", "record") if c in cols), None)
        lead = next((c for c in ("lead", "lead_index", "lead_name") if c in cols), None)
        assert rec and lead, f"{csv_path}: need a record column and a lead column, got {cols}"
        for row in reader:
            value = row[lead].strip()
            idx = int(value) if value.isdigit() else LEAD_NAMES.index(value)
            record = "".join(ch for ch in row[rec] if ch.isdigit())  # "HR00024" or "24" -> 24
            pairs.add((int(record), idx))
    return pairs


def select_rows(cfg: Config) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """(record row in npz, lead, fold) triples for training and validation."""
    npz = np.load(cfg.data_npz)
    ids, folds = npz["ecg_id"], npz["strat_fold"]
    clean = clean_leads(cfg.data_csv)
    subset = read_subset(cfg.subset_csv) if cfg.subset_csv else None
    train, val = [], []
    for i, (eid, fold) in enumerate(zip(ids.tolist(), folds.tolist())):
        for lead in sorted(clean.get(eid, ())):
            if fold in cfg.train_folds and (subset is None or (eid, lead) in subset):
                train.append((i, lead, fold))
            elif fold in cfg.val_folds:
                val.append((i, lead, fold))
    if cfg.max_train_leads:
        rng = np.random.default_rng(cfg.seed)
        train = [train[j] for j in sorted(rng.choice(len(train), min(cfg.max_train_leads, len(train)), replace=False))]
    if cfg.val_items and len(val) > cfg.val_items:  # the validation loss uses a fixed, evenly spaced sample
        val = [val[j] for j in np.linspace(0, len(val) - 1, cfg.val_items).round().astype(int)]
    return train, val


def scalogram_images(signals: np.ndarray, fs_hz: int, batch: int = 64, desc: str = "superlet") -> torch.Tensor:
    """uint8 images (N, 32, 256) of (N, T) signals."""
    sl = Superlet(fs_hz, signals.shape[-1], torch.float32)
    out = []
    for s in tqdm(range(0, len(signals), batch), desc=desc, leave=False):
        out.append(to_image(sl(torch.as_tensor(signals[s:s + batch], dtype=torch.float32))))
    return torch.cat(out) if out else torch.zeros(0, 32, 256, dtype=torch.uint8)


def load_split(cfg: Config) -> dict:
    """{'train': uint8 (N, 32, 256), 'val': uint8 (M, 32, 256), 'train_rows', 'val_rows', 'ecg_id'}; cached."""
    train, val = select_rows(cfg)
    key = hashlib.sha256(repr((os.path.abspath(cfg.data_npz), train, val)).encode()).hexdigest()[:12]
    path = os.path.join(cfg.cache_dir, f"ptbxl_{key}.pt")
    if os.path.exists(path):
        return torch.load(path)
    npz = np.load(cfg.data_npz)
    signals, fs = npz["signals"], int(npz["fs"])
    t0 = time.time()
    data = {name: scalogram_images(np.stack([signals[i, lead].astype(np.float32) for i, lead, _ in rows])
                                   if rows else np.zeros((0, signals.shape[-1]), np.float32), fs, desc=name)
            for name, rows in (("train", train), ("val", val))}
    data.update(train_rows=train, val_rows=val, ecg_id=npz["ecg_id"].tolist(), seconds=time.time() - t0)
    os.makedirs(cfg.cache_dir, exist_ok=True)
    torch.save(data, path)
    return data


def to_model_input(images: torch.Tensor) -> torch.Tensor:
    """uint8 (N, 32, 256) -> float32 (N, 1, 32, 256) in [-1, 1] (reference scalogram_to_model_input)."""
    return images.float().div(127.5).sub(1.0).unsqueeze(1)


if __name__ == "__main__":
    cfg, _ = parse_args(sys.argv[1:])
    torch.set_num_threads(cfg.num_threads)
    d = load_split(cfg)
    print(f"train leads {len(d['train'])}, val leads {len(d['val'])}, superlet seconds {d.get('seconds', 0):.1f}")
