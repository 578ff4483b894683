#!/usr/bin/env bash
# The CPU run behind models/default: the compact LDM on every clean lead of PTB-XL subset folds 1-8, resumable.
# Checkpoints (model + EMA + AdamW state, config, wall time) live in training/checkpoints/main/ and are committed, so a
# later session continues the same run (same cosine schedules) instead of starting over; each phase stops at its step
# count, and a killed phase resumes from its last checkpoint (every val_every steps).
# Run from the repository root:  THREADS=1 nohup bash training/run_cpu_training.sh > runs/main_training.log 2>&1 &
# THREADS=1 while the machine is shared, 2 when it is idle (nice 15 either way).
set -euo pipefail
PY=${PYTHON:-.venv/bin/python}
RUN="nice -n 15 $PY"
OUT=training/checkpoints/main
COMMON="--config=compact --device=cpu --max_train_leads=0 --num_threads=${THREADS:-1} --encode_threads=${THREADS:-1} --out_dir=$OUT"
date -u +"start %FT%TZ"
$RUN -m training.train $COMMON --phase=ae --resume=True --ae_steps=4000 --val_every=200
# UNet: t uniform over [0, 1000) for half the items and over [0, 300) for the other half, so every level that scoring
# or inpainting uses is trained while the low-noise levels where the score is made get twice the weight.
$RUN -m training.train $COMMON --phase=ldm --resume=True --unet_steps=${UNET_STEPS:-16000} --train_t_max=1000 \
  --train_t_focus=300 --train_t_focus_frac=0.5 --val_every=250 --snapshot_every=1000
date -u +"trained %FT%TZ"
