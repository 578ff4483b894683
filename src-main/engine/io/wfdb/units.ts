/** Physical conversion of WFDB ADC samples: (adc − baseline) / gain, then voltage units → mV. */
import type { WfdbSignalSpec } from './header';

/** Millivolts per unit for the voltage units WFDB headers use (case-insensitive; 'µV' in latin1 or UTF-8). */
const MV_PER_UNIT: Readonly<Record<string, number>> = {
  v: 1000,
  mv: 1,
  uv: 1e-3,
  'µv': 1e-3,
  'μv': 1e-3,
  nv: 1e-6,
};

/** Millivolts per unit, or null when the units are not a voltage (mmHg, NU…). */
export function millivoltsPerUnit(units: string): number | null {
  return MV_PER_UNIT[units.trim().toLowerCase()] ?? null;
}

/**
 * Converts ADC samples to physical values: millivolts for voltage units, the header's own units
 * otherwise. NaN stays NaN.
 *
 * @returns the converted samples and whether they are in millivolts.
 */
export function adcToPhysical(adc: Float64Array, spec: WfdbSignalSpec): { values: Float64Array; inMillivolts: boolean } {
  const perUnit = millivoltsPerUnit(spec.units);
  const scale = (perUnit ?? 1) / spec.gain;
  const baseline = spec.baseline;
  const values = new Float64Array(adc.length);
  for (let i = 0; i < adc.length; i++) {
    values[i] = (adc[i]! - baseline) * scale;
  }
  return { values, inMillivolts: perUnit !== null };
}
