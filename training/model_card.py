"""Write ``models/README.md`` (the model card) from the exported ``model.json`` files and the runs' loss CSVs.

    python -m training.model_card --model=models/default [--curve=training/checkpoints/main/learning_curve.csv]
        [--paper=runs/paper-same-budget/export] [--comparison=docs/config-comparison.json] [--out=models/README.md]

Only numbers recorded by training/export are printed; the evaluation section stays empty until ``ecgnq eval``
numbers are written into ``model.json["metrics"]["eval"]``.
"""
from __future__ import annotations

import csv
import json
import os
import sys

from .params import report


def _kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"


def _model_section(meta: dict) -> list[str]:
    lines = [f"### `{meta['name']}` — configuration `{meta['configuration']}` ({meta['model_type']})", "",
             "| graph | file | size | sha256 |", "| --- | --- | --- | --- |"]
    for k, g in meta["graphs"].items():
        lines.append(f"| {k} | `{g['file']}` | {_kib(g['bytes'])} | `{g['sha256']}` |")
    total = sum(g["bytes"] for g in meta["graphs"].values())
    lines += ["", f"Total graph size: {_kib(total)}. Exported {meta['exported_utc']}, ONNX opset {meta['opset']}.", "",
              "| phase | steps | epochs* | batch | wall time | final val loss | hardware | git SHA |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for ph, t in meta["training"].items():
        lines.append(f"| {ph} | {t['steps']} | {t['epochs']} | {t['batch_size']} | {t['wall_s'] / 60:.1f} min | "
                     f"{t['final_val_loss']:.5f} | {t['hardware']} | `{t['git_sha'][:10]}` |")
    lines += ["", f"Training leads: {meta['training'][next(iter(meta['training']))]['train_leads']} "
              f"(validation loss on {meta['training'][next(iter(meta['training']))]['val_leads']} fold-9 leads). "
              f"Total training wall time {meta['wall_s_total'] / 60:.1f} min."]
    c = meta["config"]
    if c.get("train_t_focus"):
        lines.append(f"The UNet drew t uniformly from [0, {c.get('train_t_max', 1000)}) for "
                     f"{1 - c.get('train_t_focus_frac', 0):.0%} of the items and from [0, {c['train_t_focus']}) for the "
                     "rest: every level the score or inpainting may use is trained, and the low-noise levels where the "
                     "score is made get more weight. Cosine learning rate after a warm-up, EMA 0.999.")
    elif c.get("train_t_max", 1000) < c["num_train_timesteps"]:
        script = "run_cpu_paper.sh" if meta["configuration"] == "paper" else "run_cpu_training.sh"
        lines.append(f"The UNet's final training stage drew t from [0, {c['train_t_max']}) only (the scoring "
                     f"range); its validation loss uses the same range. How the run was staged: `training/{script}`.")
    stats = meta["training"].get("ldm", {}).get("scaled_latent_stats")
    if stats:
        lines.append(f"Scaled training latents (×{meta['scaling_factor']}): std {stats['std']:.3f}, range "
                     f"[{stats['min']:.3f}, {stats['max']:.3f}], fraction outside [−1, 1] {stats['frac_outside_unit']:.4f}.")
    return lines


def _val_psnr_lines(meta: dict) -> list[str]:
    vp = meta["metrics"].get("validation_psnr_clean")
    if not vp:
        return []
    return ["", "Validation PSNR measured at export (`--val_psnr=True`, the shipped ONNX graphs via onnxruntime, "
            f"{vp['leads']} clean fold-9 leads, t = {vp['t']}, interval {vp['step_interval']}, noise seed "
            f"{vp['noise_seed']}): median {vp['median_db']:.2f} dB, mean {vp['mean_db']:.2f} dB, 5th–95th "
            f"percentile {vp['p5_db']:.2f}–{vp['p95_db']:.2f} dB; {vp['ms_per_lead_onnxruntime_1_thread_shared_cpu']} ms "
            "per lead (batches of 32, one onnxruntime thread, shared CPU). A sanity check of clean-lead reconstruction, "
            "not the paper's evaluation protocol."]


def _curve_lines(curve_path: str | None, meta: dict) -> list[str]:
    """Cumulative compute and the report-half learning curve (``training.learning_curve``'s CSV)."""
    if not curve_path or not os.path.exists(curve_path):
        return ["No learning curve recorded yet (`python -m training.learning_curve`).", ""]
    rows = list(csv.DictReader(open(curve_path)))
    s = meta
    lines = [f"Each EMA snapshot of the UNet scored with the shipped setting (t = {s['default_t']}, step interval "
             f"{s['default_step_interval']}, {s.get('score_draws', 1)} draws combined by {s.get('score_combine', 'image')}, "
             "seed 0) on the **report half** of fold 9, all protocol leads (`" + curve_path + "`, written by "
             "`python -m training.learning_curve --run=training/checkpoints/main --half=report --variant=...`). "
             "Cumulative training time = AE wall time + latent encoding + UNet wall time, on this shared 2-core CPU.", "",
             "| UNet step | cumulative training (h) | W1 static | W1 burst | W1 drift | macro W1 | AUROC (any) | median clean PSNR (dB) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['step']} | {float(r['cumulative_train_s']) / 3600:.2f} | {float(r['w1_static_noise']):.3f} | "
                     f"{float(r['w1_burst_noise']):.3f} | {float(r['w1_baseline_drift']):.3f} | {float(r['macro_w1']):.3f} | "
                     f"{float(r['auroc_any']):.3f} | {float(r['median_clean_db']):.2f} |")
    return lines + [""]


def _cost_lines(metas: list[dict]) -> list[str]:
    lines = ["", "| model | phase | seconds per training item (wall / steps / batch) |", "| --- | --- | --- |"]
    for m in metas:
        for ph, t in m["training"].items():
            lines.append(f"| `{m['name']}` | {ph} | {t['wall_s'] / max(1, t['steps']) / t['batch_size']:.3f} |")
    return lines + ["", "(the compact AE items are 64-column crops, a quarter of an image)"]


def _comparison_lines(comparison: dict | None) -> list[str]:
    """The side-by-side evaluation written by ``scripts/compare-configs.ts`` (its JSON), as a short table."""
    if not comparison:
        return []
    lines = [f"Side by side on the same capped fold-9 slice (first {comparison['limit']} leads per group, seed "
             f"{comparison['seed']}; `{comparison['command']}`; full table: `docs/config-comparison.md`):", "",
             "| model | macro W1 | AUROC (any) | Youden threshold (dB) | s per lead-segment (this CPU) | graphs (MB) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for m in comparison["models"]:
        r = m["result"]
        any_row = next(row for row in r["rows"] if row["group"] == "any")
        lines.append(f"| `{m['name']}` ({m['configuration']}) | {r['macroW1']:.3f} | {any_row['auroc']:.3f} | "
                     f"{any_row['youden']['thresholdDb']:.2f} | {m['scoreS'] / r['nLeadsScored']:.3f} | {m['graphsMb']:.1f} |")
    return lines + [""]


def write_card(model_dir: str, paper_dir: str | None, out: str, comparison_path: str | None = None,
               curve_path: str | None = None) -> None:
    meta = json.load(open(os.path.join(model_dir, "model.json")))
    paper = json.load(open(os.path.join(paper_dir, "model.json"))) if paper_dir else None
    comparison = json.load(open(comparison_path)) if comparison_path and os.path.exists(comparison_path) else None
    ic = meta["input_contract"]
    sc = ic["scalogram"]
    rows = []
    for name in ["compact", "paper"]:
        r = report(name, meta["default_t"], meta["default_step_interval"])
        rows.append(f"| `{name}` | {r['encoder_params']:,} | {r['decoder_params']:,} | {r['unet_params']:,} | "
                    f"{r['ldm_macs_per_segment'] / 1e6:,.0f} M |")
    lines = [
        "# Models", "",
        "Latent-diffusion ECG noise quantifiers (Han et al., arXiv 2506.11815) trained with `training/`. Each folder holds "
        "`encoder.onnx`, `unet.onnx`, `decoder.onnx` and `model.json` (the contract the engine checks at load).", "",
        "This card is generated by `python -m training.model_card --model=models/default "
        "--curve=training/checkpoints/main/learning_curve.csv`.", "",
        "## Input contract", "",
        f"- {ic['fs_hz']} Hz, {ic['segment_s']} s segments ({ic['samples_per_segment']} samples) per lead.",
        f"- Band-pass {ic['bandpass']['low_hz']}–{ic['bandpass']['high_hz']} Hz, {ic['bandpass']['order']}th-order "
        f"Butterworth, zero phase; then per-lead z-score (units: `{ic['units']}`).",
        f"- Adaptive superlet: {sc['n_freqs']} frequencies {sc['freq_min_hz']}–{sc['freq_max_hz']} Hz, base cycle "
        f"{sc['base_cycle']}, orders {sc['min_order']}–{sc['max_order']} ({sc['mode']}), log10 power, linear resize to "
        f"{sc['width']} columns ({sc['resize']}), row 0 = {sc['row0']}.",
        f"- Model input: {ic['model_input']}.",
        f"- Score: {ic['output_image']}.",
        f"- Reverse process: latent × {meta['scaling_factor']:.4f} (1/σ of the training latents, bounded so that "
        "DDIM's x0 clip to [−1, 1] rarely acts; computed by training, read from here by the engine), noise to "
        f"t = {meta['default_t']}, DDIM with step interval {meta['default_step_interval']} "
        f"(t = {', '.join(str(t) for t in range(meta['default_t'], -1, -meta['default_step_interval']))}), "
        "eta 0, clip_sample, set_alpha_to_one; linear betas 1e-4 → 0.02 over 1000 steps.",
        f"- Draws: {meta.get('score_draws', 1)} per score, forward noise in antithetic pairs (ε, −ε) keyed by the "
        "sha256 of the segment's 8-bit image and the global seed; combined by "
        + ("averaging the denoised latents and decoding the mean once." if meta.get("score_combine") == "latent"
           else "averaging the decoder outputs."), "",
        "## Training data", "",
        "PTB-XL (Wagner et al. 2020, CC BY 4.0) subset in `../shared/data/ptbxl/`: 1,625 records at 100 Hz, already "
        "band-passed and z-scored. Training uses clean leads only (no noise label on the lead) of strat folds 1–8 "
        f"({meta['training'].get('ldm', {}).get('train_leads', '?'):,} leads); fold 9 is validation / evaluation, split "
        "by record into a selection half (even ecg_id: settings are chosen there) and a report half (odd ecg_id: "
        "numbers are reported there); fold 10 is not in the subset (held out, as in the paper).", "",
        "## Sizes (`python -m training.params`)", "",
        "| config | encoder params | decoder params | UNet params | MACs per lead-segment and draw (enc + UNet steps at the default t / interval + dec) |",
        "| --- | --- | --- | --- | --- |", *rows, "",
        "## Trained models", "",
        "CPU only (no GPU was lent to these tasks), niced, one torch thread, on a 2-core machine shared with other "
        "build and test jobs, so wall times overstate the cost on an idle machine. Staged by "
        "`training/run_cpu_training.sh` from checkpoints committed in `training/checkpoints/main/` (EMA weights + "
        "optimiser state), so later sessions continue the same run.", "", *_model_section(meta), *_val_psnr_lines(meta),
        "", "### Compute and learning curve", "", *_curve_lines(curve_path, meta),
        "\\* epochs = steps × batch / training leads; the compact AE trains on 64-column crops (a quarter of an image), "
        "so its AE epochs count crops, not whole images.", "",
    ]
    if paper:
        lines += ["### `paper` configuration (side by side under the same data and budget, not shipped)", "",
                  "The same 4,096 clean training leads, the same machine and the same wall-clock budget per phase as "
                  "`default` (AE 24 min, UNet 20 min + 13 min on t < 300, one torch thread at nice 15), staged by "
                  "`training/run_cpu_paper.sh`. Batch 4 instead of 32, since one paper-AE step costs seconds per image "
                  "on this CPU (at 32 the AE would get a handful of updates); validation only at the end of each phase. "
                  "Its graphs are over the 60 MB limit for git, so they stay in `runs/` and its numbers live here and in "
                  "`docs/config-comparison.md`.", "", *_model_section(paper)[2:], *_cost_lines([meta, paper]), "",
                  *_comparison_lines(comparison)]
    lines += ["## Metrics", "", *_eval_lines(meta["metrics"].get("eval"))]
    with open(out, "w") as f:
        f.write("\n".join(lines))


def _eval_lines(ev: dict | None) -> list[str]:
    """The fold-9 evaluation (``metrics.eval``, written by ``training.card_metrics``) as a table."""
    if not ev:
        return ["Evaluation numbers come from `ecgnq eval` (see `docs/model-report.md`); none are recorded in this "
                "card yet.", ""]
    s = ev["setting"]
    lines = ["The numbers below calibrate the threshold the app and `ecgnq demo` use; when they come from the selection "
             "half they are not the model's reported performance: that is `docs/model-report.md` (report half, "
             "bootstrap 95 % intervals, classical SQIs beside PSNR).", "",
             f"{ev['protocol']}; {s['scheduler']} t = {s['t']}, step interval {s['stepInterval']}, seed {s['seed']}; "
             f"{ev['n_clean']} clean leads, median clean PSNR {ev['median_psnr_clean_db']:.2f} dB. "
             f"Reproduce: `{ev['command']}`. Full report with the t/step sweep and the NSTDB SNR check: "
             "`docs/model-report.md`.", "",
             "| group | n noisy | W1 (z-scored) | AUROC (−PSNR) | Youden threshold (dB) | median PSNR (dB) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for g, r in ev["groups"].items():
        lines.append(f"| {g} | {r['n_noisy']} | {r['w1']:.3f} | {r['auroc']:.3f} | {r['youden_threshold_db']:.2f} | "
                     f"{r['median_psnr_db']:.2f} |")
    lines += ["", f"Macro W1 over the three noise types: **{ev['macro_w1']:.3f}** (the paper's best: 1.308, on the full "
              "PTB-XL fold 10, which is not in our subset; our fold 9 is smaller, so the figures are not directly "
              "comparable).",
              f"Calibrated threshold (Youden's J, all noisy vs clean): **{ev['youden_threshold_db']:.2f} dB**, "
              f"sensitivity {ev['youden_sensitivity']:.3f}, specificity {ev['youden_specificity']:.3f}; the paper's "
              f"24 dB: sensitivity {ev['fixed_24db_sensitivity']:.3f}, specificity {ev['fixed_24db_specificity']:.3f}.", ""]
    return lines


if __name__ == "__main__":
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
    assert len(opts) == len(sys.argv[1:]) and "model" in opts and set(opts) <= {"model", "paper", "out", "comparison", "curve"}, \
        ("usage: python -m training.model_card --model=DIR [--curve=CSV] [--paper=DIR] [--comparison=docs/config-comparison.json] "
         "[--out=models/README.md]")
    write_card(opts["model"], opts.get("paper"), opts.get("out", "models/README.md"), opts.get("comparison"), opts.get("curve"))
