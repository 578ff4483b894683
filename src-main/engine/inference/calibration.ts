/** The PSNR threshold a model card calibrated (Youden's J on fold 9's selection half), with the paper's as fallback. */
import { PAPER_THRESHOLD_DB } from '../../../src-shared/psnr';

/** A threshold and where it comes from, for messages. */
export interface CalibratedThreshold {
  thresholdDb: number;
  /** True when the model card holds it (else the paper's fixed 24 dB). */
  fromCard: boolean;
  source: string;
}

/** The threshold in a model card's `metrics` block (`metrics.eval.youden_threshold_db`), else the paper's 24 dB. */
export function calibratedThreshold(metrics: unknown): CalibratedThreshold {
  const evalBlock = (metrics as { eval?: { youden_threshold_db?: unknown } | null } | undefined)?.eval;
  const value = evalBlock?.youden_threshold_db;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { thresholdDb: value, fromCard: true, source: "model card's Youden-optimal threshold" };
  }
  return { thresholdDb: PAPER_THRESHOLD_DB, fromCard: false, source: "paper's fixed threshold (model card has no calibrated one)" };
}
