/**
 * Cuts a record into the fixed 10-s windows the model scores, exactly as the reference
 * `segment_ecg` (Han et al., arXiv 2506.11815, `utils/inference.py`) does.
 */

import { DspParamError } from '../errors';
import { SUPERLET_COLUMNS } from './superlet-plan';
import type { SegmentWindow } from '../types';

/** Default window length of the paper, seconds. */
export const DEFAULT_WINDOW_S = 10;

/**
 * Window length in samples, `fsHz · windowS`, which must be a whole number (as the reference's
 * `sampling_freq * segment_seconds` with integer arguments).
 *
 * @throws DspParamError when fsHz or windowS is not finite and positive, or their product is not
 *   a whole number of samples.
 */
export function windowLengthSamples(fsHz: number, windowS = DEFAULT_WINDOW_S): number {
  if (!Number.isFinite(fsHz) || fsHz <= 0) {
    throw new DspParamError(`sampling rate must be a positive finite number of Hz, got ${fsHz}`);
  }
  if (!Number.isFinite(windowS) || windowS <= 0) {
    throw new DspParamError(`window length must be a positive finite number of seconds, got ${windowS}`);
  }
  const exact = fsHz * windowS;
  const samples = Math.round(exact);
  if (Math.abs(exact - samples) > 1e-9 * Math.max(1, exact) || samples < 1) {
    throw new DspParamError(
      `a ${windowS}-s window at ${fsHz} Hz is ${exact} samples, not a whole number of samples`,
    );
  }
  return samples;
}

/**
 * Splits `nSamples` into non-overlapping windows of `windowS` seconds, as the reference
 * `segment_ecg`: `floor(n / L)` full windows `[i·L, (i+1)·L)`, and when a remainder
 * `r = n mod L` is left, one more window made of the LAST `L` samples `[n−L, n)`.
 *
 * `validColumns` says how many of the `columns` scalogram time columns of a window are new:
 * `columns` for a full window; for the trailing window it is
 * `trunc(columns · (r / L))` — the reference `compute_psnr_matrix` computes
 * `int(W * (rem / seg_len))`, i.e. rounds DOWN, in float64; this function does the same float
 * operations so the edge cases agree. The valid columns are the rightmost ones
 * (`columns − validColumns … columns−1`). A remainder shorter than `L / columns` samples gives
 * `validColumns = 0`: the window exists (the model still sees it) but no PSNR is counted for it,
 * exactly as in the reference.
 *
 * @param nSamples - record length in samples (per lead).
 * @param fsHz - sampling rate, Hz.
 * @param windowS - window length, seconds (default 10).
 * @param columns - scalogram time columns per window (default 256).
 * @returns windows in time order, `index` 0-based.
 * @throws DspParamError when the record is shorter than one window (the message names its length),
 *   or when a parameter is invalid (see {@link windowLengthSamples}).
 */
export function segmentWindows(
  nSamples: number,
  fsHz: number,
  windowS = DEFAULT_WINDOW_S,
  columns = SUPERLET_COLUMNS,
): SegmentWindow[] {
  if (!Number.isInteger(nSamples) || nSamples < 0) {
    throw new DspParamError(`sample count must be a non-negative integer, got ${nSamples}`);
  }
  if (!Number.isInteger(columns) || columns < 1) {
    throw new DspParamError(`scalogram column count must be a positive integer, got ${columns}`);
  }
  const windowSamples = windowLengthSamples(fsHz, windowS);
  if (nSamples < windowSamples) {
    throw new DspParamError(
      `record is ${nSamples} samples (${(nSamples / fsHz).toFixed(3)} s at ${fsHz} Hz); ` +
        `at least ${windowS} s (${windowSamples} samples) are needed`,
    );
  }
  const full = Math.floor(nSamples / windowSamples);
  const remainder = nSamples % windowSamples;
  const windows: SegmentWindow[] = [];
  for (let i = 0; i < full; i++) {
    windows.push({
      index: i,
      startSample: i * windowSamples,
      endSample: (i + 1) * windowSamples,
      validColumns: columns,
    });
  }
  if (remainder > 0) {
    windows.push({
      index: full,
      startSample: nSamples - windowSamples,
      endSample: nSamples,
      validColumns: Math.trunc(columns * (remainder / windowSamples)),
    });
  }
  return windows;
}

/**
 * Copies one window out of a lead.
 *
 * @param signal - one lead, samples.
 * @param window - a window from {@link segmentWindows} for a signal of this length.
 * @returns a new Float64Array of `endSample − startSample` samples.
 * @throws DspParamError when the window does not lie inside the signal.
 */
export function sliceWindow(signal: ArrayLike<number>, window: SegmentWindow): Float64Array {
  const { startSample, endSample } = window;
  if (
    !Number.isInteger(startSample) ||
    !Number.isInteger(endSample) ||
    startSample < 0 ||
    endSample > signal.length ||
    endSample <= startSample
  ) {
    throw new DspParamError(
      `window [${startSample}, ${endSample}) does not fit a signal of ${signal.length} samples`,
    );
  }
  const out = new Float64Array(endSample - startSample);
  for (let i = 0; i < out.length; i++) {
    out[i] = signal[startSample + i];
  }
  return out;
}
