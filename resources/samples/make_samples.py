"""Builds the bundled demo records in resources/samples from the read-only shared data.

Run from the repo root:
    .venv/bin/python resources/samples/make_samples.py   (needs numpy, scipy and pyedflib 0.1.42 in the venv)

- HR06000, HR06007: PTB-XL ecg_id 6000 and 6007, copied unchanged (WFDB, MATLAB v4 .mat, 500 Hz, 12 leads).
- HR06003.edf: PTB-XL ecg_id 6003 converted to EDF+ (12 leads, mV, 500 Hz, digital range = the .mat's int16 ADC).
- mitdb100_20s: the first 20 s (7200 frames) of MIT-BIH record 100, format 212, same gains; the header's
  checksums and initial values are recomputed for the excerpt.
"""
import datetime
import os
import shutil

import numpy as np
import pyedflib
import scipy.io

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/data")
HERE = os.path.dirname(os.path.abspath(__file__))

for rec in ("HR06000", "HR06007"):
    for ext in (".hea", ".mat"):
        shutil.copyfile(os.path.join(SHARED, "ptbxl/raw-wfdb", rec + ext), os.path.join(HERE, rec + ext))

# HR06003 → EDF+: header gives gain 1000 adu/mV, baseline 0, so physical mV = adc / 1000.
hea = open(os.path.join(SHARED, "ptbxl/raw-wfdb/HR06003.hea")).read().splitlines()
leads = [line.split()[-1] for line in hea[1:13]]
adc = scipy.io.loadmat(os.path.join(SHARED, "ptbxl/raw-wfdb/HR06003.mat"))["val"].astype(np.int64)  # (12, 5000)
w = pyedflib.EdfWriter(os.path.join(HERE, "HR06003.edf"), 12, file_type=pyedflib.FILETYPE_EDFPLUS)
w.setSignalHeaders([{"label": "ECG " + name, "dimension": "mV", "sample_frequency": 500,
                     "physical_min": -32.768, "physical_max": 32.767, "digital_min": -32768,
                     "digital_max": 32767, "transducer": "", "prefilter": ""} for name in leads])
w.setPatientAdditional("PTB-XL_ecg_id_6003_CC-BY-4.0")
w.setStartdatetime(datetime.datetime(2000, 1, 1))  # fixed, so the file is reproducible
w.writeSamples([row.astype(np.int32) for row in adc], digital=True)
w.close()

# MIT-BIH 100, first 7200 frames of format 212 (3 bytes hold 2 samples).
frames = 7200
raw = open(os.path.join(SHARED, "mitdb/100.dat"), "rb").read()[: frames * 3]
open(os.path.join(HERE, "mitdb100_20s.dat"), "wb").write(raw)
b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int64)
s0 = b[:, 0] | ((b[:, 1] & 0x0F) << 8)
s1 = b[:, 2] | ((b[:, 1] & 0xF0) << 4)
sig = [np.where(s >= 2048, s - 4096, s) for s in (s0, s1)]
def checksum(x):
    c = int(x.sum()) & 0xFFFF
    return c - 65536 if c >= 32768 else c
lines = [f"mitdb100_20s 2 360 {frames}"]
for name, x in zip(("MLII", "V5"), sig):
    lines.append(f"mitdb100_20s.dat 212 200 11 1024 {int(x[0])} {checksum(x)} 0 {name}")
lines += ["# First 20 s of MIT-BIH Arrhythmia Database record 100 (ODC-By 1.0)", "# 69 M 1085 1629 x1", "# Aldomet, Inderal"]
open(os.path.join(HERE, "mitdb100_20s.hea"), "w").write("\n".join(lines) + "\n")
