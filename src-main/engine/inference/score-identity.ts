/**
 * The identity of a score: which model (sha256 of its model.json) reconstructed the segment under
 * which sampling parameters. One type, one resolver of defaults and one key for every caller: the
 * scorer, the batch jobs, the project database and the workstation's `modelId`.
 */
import { EngineError, InferenceError } from '../errors';
import type { SamplingParams, SchedulerKind } from '../../../src-shared/types';

export type { SamplingParams };

/** Schedulers the scorer runs. */
export const SCHEDULERS: readonly SchedulerKind[] = ['ddim', 'ddpm'];

/** A model (by sha256 of its model.json) plus the sampling parameters: what a stored score is keyed by. */
export interface ScoreIdentity extends SamplingParams {
  modelSha256: string;
}

/** The model card defaults a resolver needs (model.json `default_t`, `default_step_interval`). */
export interface SamplingDefaults {
  defaultT: number;
  defaultStepInterval: number;
}

/** True when `value` is a scheduler the scorer runs. */
export function isScheduler(value: string): value is SchedulerKind {
  return (SCHEDULERS as readonly string[]).includes(value);
}

/**
 * Fills unset sampling parameters from the model card: t = default_t; step interval =
 * default_step_interval for DDIM and 1 for DDPM (DDPM is defined step by step); scheduler DDIM;
 * seed 0.
 * @throws InferenceError for an unknown scheduler or a non-integer t, interval or seed.
 */
export function resolveSampling(defaults: SamplingDefaults, partial: Partial<SamplingParams> = {}): SamplingParams {
  const scheduler = partial.scheduler ?? 'ddim';
  if (!isScheduler(scheduler)) {
    throw new InferenceError(`scheduler must be ${SCHEDULERS.join(' or ')}, got '${String(scheduler)}'`);
  }
  const params: SamplingParams = {
    t: partial.t ?? defaults.defaultT,
    stepInterval: partial.stepInterval ?? (scheduler === 'ddpm' ? 1 : defaults.defaultStepInterval),
    scheduler,
    seed: partial.seed ?? 0,
  };
  if (!Number.isInteger(params.t) || params.t < 0) {
    throw new InferenceError(`t must be a non-negative integer, got ${params.t}`);
  }
  if (!Number.isInteger(params.stepInterval) || params.stepInterval < 1) {
    throw new InferenceError(`step interval must be a positive integer, got ${params.stepInterval}`);
  }
  if (!Number.isSafeInteger(params.seed)) {
    throw new InferenceError(`seed must be an integer, got ${params.seed}`);
  }
  return params;
}

/** The key `<sha256>:<t>:<stepInterval>:<scheduler>:<seed>` (the workstation's `modelId`). */
export function scoreIdentityKey(p: ScoreIdentity): string {
  return `${p.modelSha256}:${p.t}:${p.stepInterval}:${p.scheduler}:${p.seed}`;
}

/**
 * Parses a {@link scoreIdentityKey}.
 * @throws EngineError('invalid-input') when malformed.
 */
export function parseScoreIdentityKey(key: string): ScoreIdentity {
  const parts = key.split(':');
  if (parts.length !== 5 || !/^\d+$/.test(parts[1]) || !/^\d+$/.test(parts[2]) || !isScheduler(parts[3]) || !/^-?\d+$/.test(parts[4])) {
    throw new EngineError('invalid-input', `model id "${key}" is not <sha256>:<t>:<stepInterval>:<ddim|ddpm>:<seed>`);
  }
  return { modelSha256: parts[0], t: Number(parts[1]), stepInterval: Number(parts[2]), scheduler: parts[3], seed: Number(parts[4]) };
}

/** True when two identities name the same stored scores. */
export function sameScoreIdentity(a: ScoreIdentity, b: ScoreIdentity): boolean {
  return a.modelSha256 === b.modelSha256 && a.t === b.t && a.stepInterval === b.stepInterval && a.scheduler === b.scheduler && a.seed === b.seed;
}
