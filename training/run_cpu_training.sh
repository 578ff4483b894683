#!/usr/bin/env bash
# The CPU training run behind models/default (compact LDM), then a short timed run of the `paper` configuration.
# Run from the repository root:  nohup bash training/run_cpu_training.sh > runs/cpu_training.log 2>&1 &
# Shared 2-core machine: nice 15, one torch thread (num_threads=1 is the config default), wall-clock caps per phase.
set -euo pipefail
PY=${PYTHON:-.venv/bin/python}
RUN="nice -n 15 $PY"
date -u +"start %FT%TZ"
$RUN -m training.train --config=compact --phase=all --device=cpu --max_train_leads=4096 \
  --ae_steps=100000 --ae_minutes=24.0 --unet_steps=100000 --unet_minutes=20.0 --out_dir=runs/compact
$RUN -m training.export --run=runs/compact --out=models/default --name=default
date -u +"compact done %FT%TZ"
# paper configuration: same data source, a few timed steps only (CPU cost per step is the number of interest)
$RUN -m training.train --config=paper --phase=all --device=cpu --max_train_leads=32 --val_items=8 --batch_size=4 \
  --ae_steps=100000 --ae_minutes=5.0 --unet_steps=100000 --unet_minutes=4.0 --val_every=100000 --out_dir=runs/paper
$RUN -m training.export --run=runs/paper --out=runs/paper-export --name=paper
date -u +"all done %FT%TZ"
# Stage 2 (run after the above): fine-tune the compact UNet on the scoring range t < 300 for 13 more minutes
# (resume keeps model, EMA, optimiser and the 20-min wall clock), then export with the validation PSNR.
#   nice -n 15 .venv/bin/python -m training.train --config=compact --phase=ldm --resume=True --device=cpu \
#     --max_train_leads=4096 --unet_steps=100000 --unet_minutes=33.0 --train_t_max=300 --out_dir=runs/compact
#   nice -n 15 .venv/bin/python -m training.export --run=runs/compact --out=models/default --name=default --val_psnr=True
