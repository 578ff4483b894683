/** PSNR conventions shared by the engine, the workstation back end and the renderer (data and pure functions only). */

/** The paper's fixed PSNR threshold, dB: a segment at or below it is predicted noisy (Han et al. 2025). */
export const PAPER_THRESHOLD_DB = 24;

/** About how many bins a PSNR histogram has (the bin width is rounded to a 1-2-2.5-5 step). */
export const HISTOGRAM_TARGET_BINS = 40;

/** Bin widths (dB) a histogram may use, smallest first. */
const BIN_STEPS_DB = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100];

/** Bins of a PSNR histogram: `bins` bins of `binDb` starting at `minDb`. */
export interface HistogramBins {
  minDb: number;
  binDb: number;
  bins: number;
}

/**
 * Bins that fit the data range [loDb, hiDb] (finite values; ±Infinity PSNRs are left to the
 * caller): a round bin width giving about {@link HISTOGRAM_TARGET_BINS} bins, edges on multiples of
 * it. An empty or one-value range gets one bin of 1 dB around the value (0 dB when none).
 */
export function histogramBinsFor(loDb: number, hiDb: number): HistogramBins {
  if (!Number.isFinite(loDb) || !Number.isFinite(hiDb) || hiDb < loDb) {
    return { minDb: 0, binDb: 1, bins: 1 };
  }
  const span = hiDb - loDb;
  const binDb = BIN_STEPS_DB.find((step) => span / step <= HISTOGRAM_TARGET_BINS) ?? BIN_STEPS_DB[BIN_STEPS_DB.length - 1];
  const minDb = Math.floor(loDb / binDb) * binDb;
  // The top value falls in the last bin (a bin is [edge, edge + width)).
  const bins = Math.max(1, Math.floor((hiDb - minDb) / binDb + 1e-9) + 1);
  return { minDb, binDb, bins };
}

/** A project threshold as stored: to 0.01 dB (slider steps and calibrated values alike). */
export function roundThresholdDb(thresholdDb: number): number {
  return Math.round(thresholdDb * 100) / 100;
}

/** "23", "23.5": a threshold as flags and labels print it (one decimal, none when whole). */
export function formatThresholdDb(thresholdDb: number): string {
  const rounded = Math.round(thresholdDb * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
