"""Put the calibration numbers of a fold-9 evaluation into the model card.

The calibrated threshold the app and ``ecgnq demo`` use (Youden's J, any noise vs clean) is chosen on the
**selection half** of fold 9, so the report half stays untouched by every choice:

    node bin/ecgnq.js eval --subset ../shared/data/ptbxl --half selection --model models/default --json > sel.json
    python -m training.card_metrics --model=models/default --eval=sel.json

(``--report=docs/figures/model-report.json`` takes a model report's evaluation instead.) This writes
``model.json["metrics"]["eval"]``; graphs are untouched, so every score stays the same (model.json's sha256, the
model's identity in provenance, changes, so run it before scoring anything to keep).
"""
import argparse
import json
from pathlib import Path


def card_eval(report: dict, model_dir: str) -> dict:
    """Build ``metrics.eval`` from a model-report JSON (its ``eval`` block) or ``ecgnq eval --json`` output."""
    if "eval" in report:
        ev = report["eval"]
        result, setting, seed, half = ev["result"], ev["setting"], ev["seed"], ev.get("half", "all")
    else:
        p = report["params"]
        result, seed, half = report, p["seed"], report.get("half", p.get("half", "selection"))
        setting = {k: p[k] for k in ("t", "stepInterval", "scheduler") if k in p}
    rows = {r["group"]: r for r in result["rows"]}
    any_row = rows["any"]
    r4 = lambda v: round(float(v), 4)  # noqa: E731
    return {
        "protocol": "PTB-XL subset fold 9: clean leads of fold 9 vs leads labelled static_noise / burst_noise / "
                    f"baseline_drift (folds 1-9); records of the {half} half",
        "command": f"node bin/ecgnq.js eval --subset ../shared/data/ptbxl --half {half} --model {model_dir} --seed {seed}",
        "setting": {**setting, "seed": seed},
        "n_clean": result["nClean"],
        "median_psnr_clean_db": r4(result["medianPsnrClean"]),
        "macro_w1": r4(result["macroW1"]),
        "auroc_any": r4(any_row["auroc"]),
        "youden_threshold_db": r4(any_row["youden"]["thresholdDb"]),
        "youden_sensitivity": r4(any_row["youden"]["sensitivity"]),
        "youden_specificity": r4(any_row["youden"]["specificity"]),
        "fixed_24db_sensitivity": r4(any_row["fixed"]["sensitivity"]),
        "fixed_24db_specificity": r4(any_row["fixed"]["specificity"]),
        "groups": {g: {"n_noisy": r["nNoisy"], "w1": r4(r["w1"]), "auroc": r4(r["auroc"]),
                       "youden_threshold_db": r4(r["youden"]["thresholdDb"]), "median_psnr_db": r4(r["medianPsnrNoisy"])}
                   for g, r in rows.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--report", default="docs/figures/model-report.json")
    parser.add_argument("--eval", help="ecgnq eval --json output (used instead of --report)")
    args = parser.parse_args()
    card_path = Path(args.model) / "model.json"
    card = json.loads(card_path.read_text())
    source = Path(args.eval or args.report)
    card.setdefault("metrics", {})["eval"] = card_eval(json.loads(source.read_text()), args.model)
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    print(f"{card_path}: metrics.eval written (macro W1 {card['metrics']['eval']['macro_w1']}, "
          f"threshold {card['metrics']['eval']['youden_threshold_db']} dB)")


if __name__ == "__main__":
    main()
