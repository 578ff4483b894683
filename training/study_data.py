"""The evaluation protocol's leads, split into a *selection* half and a *report* half by record.

Protocol (as ``ecgnq eval --subset``): the clean group is every clean lead of fold 9; the noisy groups are the leads
labelled static_noise, burst_noise or baseline_drift in any fold (1-9; the model never trains on noisy leads).

Split rule (fixed, written once; the engine's ``SUBSET_HALVES`` in src-main/engine/eval/subset-eval.ts is the same):
a record belongs to the *selection* half when its ecg_id is even and to the *report* half when it is odd. Settings
are chosen on the selection half; figures are reported on the report half only.
"""
from __future__ import annotations

import ast
import csv
import hashlib
import os

import numpy as np
import torch

from .data import scalogram_images

NOISE_TYPES = ("static_noise", "burst_noise", "baseline_drift")
HALVES = ("selection", "report")


def half_of(ecg_id: int) -> str:
    """The half a record belongs to (even ecg_id: selection, odd: report)."""
    return "selection" if ecg_id % 2 == 0 else "report"


def protocol_leads(npz_path: str, csv_path: str, half: str, fold: int = 9) -> list[tuple[int, int, tuple[str, ...]]]:
    """(record row in the npz, lead index, groups) for every protocol lead of ``half``; groups are 'clean' and/or
    noise types."""
    assert half in HALVES, f"half must be one of {HALVES}"
    ids = np.load(npz_path)["ecg_id"].tolist()
    rows = {int(r["ecg_id"]): r for r in csv.DictReader(open(csv_path, newline=""))}
    out = []
    for index, eid in enumerate(ids):
        row = rows.get(int(eid))
        if row is None or half_of(int(eid)) != half:
            continue
        groups: dict[int, list[str]] = {}
        if int(row["strat_fold"]) == fold:
            for lead in ast.literal_eval(row["clean"] or "[]"):
                groups.setdefault(int(lead), []).append("clean")
        for t in NOISE_TYPES:
            for lead in sorted(set(ast.literal_eval(row[t] or "[]"))):
                groups.setdefault(int(lead), []).append(t)
        out.extend((index, lead, tuple(g)) for lead, g in sorted(groups.items()))
    return out


def protocol_images(npz_path: str, csv_path: str, half: str, cache_dir: str = "runs/cache") -> dict:
    """uint8 scalogram images (N, 32, 256) of ``protocol_leads``, cached; plus the leads and their ecg_ids."""
    leads = protocol_leads(npz_path, csv_path, half)
    key = hashlib.sha256(repr((os.path.abspath(npz_path), leads)).encode()).hexdigest()[:12]
    path = os.path.join(cache_dir, f"protocol_{half}_{key}.pt")
    if os.path.exists(path):
        return torch.load(path)
    npz = np.load(npz_path)
    all_signals, all_ids = npz["signals"], npz["ecg_id"]  # each npz[key] access decompresses the whole array
    signals = np.stack([all_signals[i, lead].astype(np.float32) for i, lead, _ in leads])
    data = dict(images=scalogram_images(signals, int(npz["fs"]), desc=half), leads=leads,
                ecg_ids=[int(all_ids[i]) for i, _, _ in leads])
    os.makedirs(cache_dir, exist_ok=True)
    torch.save(data, path)
    return data
