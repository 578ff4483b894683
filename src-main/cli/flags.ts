/**
 * The one parser of CLI flag values. Commander hands every value over as a string (or undefined
 * when the flag is absent); each function here turns it into a typed value or throws
 * EngineError('invalid-input') naming the flag and the value.
 */
import { EngineError } from '../engine/errors';
import { isScheduler, SCHEDULERS, type SamplingParams } from '../engine/inference/score-identity';

function invalid(name: string, expected: string, value: string): EngineError {
  return new EngineError('invalid-input', `${name} must be ${expected}, got '${value}'`);
}

/** An integer flag in [min, max]. Absent → undefined. */
export function intFlag(name: string, value: string, min?: number, max?: number): number;
export function intFlag(name: string, value: string | undefined, min?: number, max?: number): number | undefined;
export function intFlag(name: string, value: string | undefined, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const range = max === Number.MAX_SAFE_INTEGER ? (min === Number.MIN_SAFE_INTEGER ? '' : ` ≥ ${min}`) : ` in ${min}–${max}`;
  return parseNumber(name, value, (n) => Number.isSafeInteger(n) && n >= min && n <= max, `an integer${range}`);
}

/** A comma-separated list of integers ≥ min (`--t 10,20,30`). */
export function intListFlag(name: string, value: string, min = 0): number[] {
  const parts = value.split(',');
  if (parts.some((p) => p.trim() === '' || !Number.isSafeInteger(Number(p)) || Number(p) < min)) {
    throw invalid(name, `a comma-separated list of integers ≥ ${min}`, value);
  }
  return parts.map(Number);
}

/** A comma-separated list of finite numbers (`--snr 24,12,0`). */
export function numberListFlag(name: string, value: string): number[] {
  const parts = value.split(',');
  if (parts.some((p) => p.trim() === '' || !Number.isFinite(Number(p)))) {
    throw invalid(name, 'a comma-separated list of numbers', value);
  }
  return parts.map(Number);
}

/** A number that passes `ok`, or the flag's error naming what was `expected`. */
function parseNumber(name: string, value: string, ok: (n: number) => boolean, expected: string): number {
  const n = Number(value);
  if (value.trim() === '' || !ok(n)) {
    throw invalid(name, expected, value);
  }
  return n;
}

/** A finite number (e.g. a threshold in dB). */
export function numberFlag(name: string, value: string): number {
  return parseNumber(name, value, Number.isFinite, 'a number');
}

/** A positive finite number (a sampling rate). Absent → undefined. */
export function positiveFlag(name: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseNumber(name, value, (n) => Number.isFinite(n) && n > 0, 'a positive number');
}

/** A fraction in [0, 1] (e.g. `--max-invalid 0.2`). Absent → undefined. */
export function fractionFlag(name: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseNumber(name, value, (n) => n >= 0 && n <= 1, 'a fraction in [0, 1]');
}

/** The sampling flags every scoring command shares (`--t`, `--step-interval`, `--scheduler`, `--seed`). */
export interface SamplingCliOptions {
  t?: string;
  stepInterval?: string;
  scheduler?: string;
  seed?: string;
}

/** Parses the sampling flags; unset ones stay unset (the model card fills them, see `resolveSampling`). */
export function samplingFlags(o: SamplingCliOptions): Partial<SamplingParams> {
  if (o.scheduler !== undefined && !isScheduler(o.scheduler)) {
    throw invalid('--scheduler', SCHEDULERS.join(' or '), o.scheduler);
  }
  return {
    t: intFlag('--t', o.t),
    stepInterval: intFlag('--step-interval', o.stepInterval, 1),
    scheduler: o.scheduler,
    seed: intFlag('--seed', o.seed, Number.MIN_SAFE_INTEGER),
  };
}

/** `--shard K/N` (1 ≤ K ≤ N). Absent → undefined. */
export function shardFlag(value: string | undefined): [number, number] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || k < 1 || n < 1 || k > n) {
    throw invalid('--shard', 'K/N with 1 ≤ K ≤ N', value);
  }
  return [k, n];
}

/** `--where lead=II,label=clean,fold=9` (any subset, comma-separated). Absent → undefined. */
export function whereFlag(value: string | undefined): { leadName?: string; label?: string; fold?: number } | undefined {
  if (value === undefined) {
    return undefined;
  }
  const out: { leadName?: string; label?: string; fold?: number } = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(lead|label|fold)=(.+)$/.exec(part);
    if (!m) {
      throw invalid('--where', 'lead=NAME, label=VALUE, fold=N (comma-separated)', part);
    }
    if (m[1] === 'lead') {
      out.leadName = m[2];
    } else if (m[1] === 'label') {
      out.label = m[2];
    } else {
      out.fold = intFlag('--where fold', m[2]);
    }
  }
  return out;
}

/** One of `choices`. Absent → undefined. */
export function choiceFlag<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value !== undefined && !(choices as readonly string[]).includes(value)) {
    throw invalid(name, `one of ${choices.join(', ')}`, value);
  }
  return value as T | undefined;
}
