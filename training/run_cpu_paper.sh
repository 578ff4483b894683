#!/usr/bin/env bash
# The `paper` configuration under the same data and budget as models/default (see run_cpu_training.sh):
# the same 4,096 clean training leads of folds 1–8, one torch thread at nice 15 on the shared 2-core CPU,
# AE 24 min, UNet 20 min with t uniform over [0, 1000), then 13 min more with t < 300.
# Differences, both forced by the CPU cost (an AE step of the paper configuration takes ~9.6 s per image here):
#   batch 4 instead of 32, so that the AE gets a few dozen updates rather than five;
#   validation only at the end of each phase (256 validation items would cost ~13 min per pass).
# Run from the repository root:  nohup bash training/run_cpu_paper.sh > runs/paper_same_budget.log 2>&1 &
set -euo pipefail
PY=${PYTHON:-.venv/bin/python}
RUN="nice -n 15 $PY"
OUT=runs/paper-same-budget
COMMON="--config=paper --encode_threads=2 --device=cpu --max_train_leads=4096 --batch_size=4 --val_every=100000 --out_dir=$OUT"
date -u +"start %FT%TZ"
$RUN -m training.train $COMMON --phase=ae --ae_steps=100000 --ae_minutes=24.0
$RUN -m training.train $COMMON --phase=ldm --unet_steps=100000 --unet_minutes=20.0
$RUN -m training.train $COMMON --phase=ldm --resume=True --unet_steps=100000 --unet_minutes=33.0 --train_t_max=300
$RUN -m training.export --run=$OUT --out=$OUT/export --name=paper
date -u +"all done %FT%TZ"
