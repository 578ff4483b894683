"""Dataset selection over the PTB-XL subset: clean leads only, folds 1-8 train, fold 9 validation."""
import ast
import csv
import os

from training.config import make_config
from training.data import clean_leads, read_subset, select_rows

from .conftest import SHARED

CSV = os.path.join(SHARED, "data", "ptbxl", "ptbxl_subset.csv")


def test_clean_leads_match_the_clean_column():
    clean = clean_leads(CSV)
    with open(CSV, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["clean"].strip()]
    assert len(clean) == len(rows) > 1500
    for r in rows:  # the CSV's own `clean` column is the complement of the four noise columns
        assert clean[int(r["ecg_id"])] == set(ast.literal_eval(r["clean"]))


def test_select_rows_uses_clean_leads_and_folds():
    cfg = make_config("compact", val_items=0)
    train, val = select_rows(cfg)
    clean = clean_leads(CSV)
    import numpy as np
    ids = np.load(cfg.data_npz)["ecg_id"]
    assert {f for _, _, f in train} == set(range(1, 9)) and {f for _, _, f in val} == {9}
    assert all(lead in clean[int(ids[i])] for i, lead, _ in train + val)
    assert len(train) > 10000 and len(val) > 1000


def test_subset_csv_restricts_training(tmp_path):
    cfg = make_config("compact", val_items=0)
    train, _ = select_rows(cfg)
    ids = __import__("numpy").load(cfg.data_npz)["ecg_id"]
    keep = train[:5]
    names = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    path = tmp_path / "subset.csv"
    path.write_text("record_id,lead_name\n" + "".join(f"HR{int(ids[i]):05d},{names[lead]}\n" for i, lead, _ in keep))
    assert read_subset(str(path)) == {(int(ids[i]), lead) for i, lead, _ in keep}
    cfg.subset_csv = str(path)
    sub_train, _ = select_rows(cfg)
    assert sub_train == keep
