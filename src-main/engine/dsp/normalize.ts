/**
 * Per-lead z-scoring (the normalisation a model card can require) and unit conversion to millivolts.
 */

import { DspParamError } from '../errors';

/** Result of z-scoring one lead. */
export interface ZScoreResult {
  /** (x − mean) / std, a new array; all zeros when the lead is flat. */
  values: Float64Array;
  /** Mean of the input, same units as the input. */
  mean: number;
  /** Population standard deviation (divisor n) of the input. */
  std: number;
  /** True when the lead is flat (std ≤ 1e-12 · max|x|, or exactly 0): values are zeros, not NaN. */
  flat: boolean;
}

/**
 * Z-scores one lead with the population standard deviation (numpy `x.std()`, sklearn
 * `StandardScaler`). A flat lead (constant, or variation below float rounding of its level)
 * gives zeros and `flat: true` instead of NaN/Inf.
 *
 * @param signal - one lead, any units.
 * @returns the normalised lead (dimensionless) with its mean and std.
 * @throws DspParamError for an empty signal or a non-finite sample.
 */
export function zscore(signal: ArrayLike<number>): ZScoreResult {
  const n = signal.length;
  if (n === 0) {
    throw new DspParamError('cannot z-score an empty signal');
  }
  let sum = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const v = signal[i];
    if (!Number.isFinite(v)) {
      throw new DspParamError(`cannot z-score a signal with a non-finite sample (${v} at index ${i})`);
    }
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = signal[i] - mean;
    squares += d * d;
  }
  const std = Math.sqrt(squares / n);
  const values = new Float64Array(n);
  const flat = std === 0 || std <= 1e-12 * maxAbs;
  if (!flat) {
    for (let i = 0; i < n; i++) {
      values[i] = (signal[i] - mean) / std;
    }
  }
  return { values, mean, std, flat };
}

/**
 * Z-scores every lead independently with {@link zscore}.
 *
 * @param signals - leads × samples.
 * @returns the normalised leads and the indices of flat leads (left as zeros).
 * @throws DspParamError as {@link zscore}.
 */
export function zscoreLeads(signals: ArrayLike<number>[]): { signals: Float64Array[]; flatLeads: number[] } {
  const flatLeads: number[] = [];
  const out = signals.map((lead, index) => {
    const result = zscore(lead);
    if (result.flat) {
      flatLeads.push(index);
    }
    return result.values;
  });
  return { signals: out, flatLeads };
}

/** Millivolts per unit for the amplitude units ECG files state (case-insensitive). */
const MILLIVOLTS_PER_UNIT: Record<string, number> = {
  v: 1000,
  mv: 1,
  uv: 0.001,
  'µv': 0.001,
  'μv': 0.001,
  nv: 1e-6,
};

/**
 * Factor that converts a value in `units` to millivolts ('V', 'mV', 'uV'/'µV', 'nV').
 *
 * @throws DspParamError for units that are not a voltage.
 */
export function millivoltsPerUnit(units: string): number {
  const factor = MILLIVOLTS_PER_UNIT[units.trim().toLowerCase()];
  if (factor === undefined) {
    throw new DspParamError(`unknown amplitude units '${units}' (expected V, mV, uV or nV)`);
  }
  return factor;
}

/**
 * Converts one lead to millivolts.
 *
 * @param signal - one lead in `units`.
 * @param units - the stated units, e.g. 'uV'.
 * @returns a new Float64Array in mV.
 * @throws DspParamError for units that are not a voltage.
 */
export function toMillivolts(signal: ArrayLike<number>, units: string): Float64Array {
  const factor = millivoltsPerUnit(units);
  const out = new Float64Array(signal.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = signal[i] * factor;
  }
  return out;
}
