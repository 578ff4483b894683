"""Copy the evaluation numbers of a model report run into the model card.

`npm run report:model` writes ``docs/figures/model-report.json``; this puts its fold-9 evaluation into
``model.json["metrics"]["eval"]`` (the calibrated threshold the app and ``ecgnq demo`` use). Graphs are
untouched, so every score stays the same. Python keeps the card's number formatting as export wrote it.

    python -m training.card_metrics --model=models/default [--report=docs/figures/model-report.json]
"""
import argparse
import json
from pathlib import Path


def card_eval(report: dict, model_dir: str) -> dict:
    """Build ``metrics.eval`` from a model-report JSON (its ``eval`` block)."""
    ev = report["eval"]
    result, setting, seed = ev["result"], ev["setting"], ev["seed"]
    rows = {r["group"]: r for r in result["rows"]}
    any_row = rows["any"]
    r4 = lambda v: round(float(v), 4)  # noqa: E731
    return {
        "protocol": "PTB-XL subset fold 9: clean leads of fold 9 vs leads labelled static_noise / burst_noise / "
                    "baseline_drift (folds 1-9)",
        "command": f"node bin/ecgnq.js eval --subset ../shared/data/ptbxl --model {model_dir} --seed {seed}",
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
    args = parser.parse_args()
    card_path = Path(args.model) / "model.json"
    card = json.loads(card_path.read_text())
    card.setdefault("metrics", {})["eval"] = card_eval(json.loads(Path(args.report).read_text()), args.model)
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    print(f"{card_path}: metrics.eval written (macro W1 {card['metrics']['eval']['macro_w1']}, "
          f"threshold {card['metrics']['eval']['youden_threshold_db']} dB)")


if __name__ == "__main__":
    main()
