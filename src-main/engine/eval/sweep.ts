/**
 * Sampling-parameter sweep: scores the same prepared subset images ({@link prepareSubsetImages})
 * under several (scheduler, t, step interval) settings and evaluates each with the paper's
 * protocol ({@link evaluatePsnrGroups}): macro W1, AUROC, and model time per lead-segment. Checks
 * the paper's claim that a few reverse steps suffice.
 */
import { JobCancelledError } from '../errors';
import { reverseTimesteps } from '../inference/scheduler';
import type { NoiseScorer } from '../inference/scorer';
import type { EvalResult, SamplingParams } from '../../../src-shared/types';
import { evaluatePsnrGroups, type PsnrGroups } from './noise-eval';
import type { PreparedLead, PreparedSubset } from './sweep-images';

/** One sampling setting (the seed is the sweep's). */
export type SweepSetting = Omit<SamplingParams, 'seed'>;

/** The grid: DDIM t × step interval, then DDPM t (interval 1). */
export function sweepGrid(ts: number[] = [10, 20, 30, 50, 100, 250], intervals: number[] = [1, 10], ddpm = true): SweepSetting[] {
  const out: SweepSetting[] = [];
  for (const stepInterval of intervals) {
    for (const t of ts) {
      out.push({ scheduler: 'ddim', t, stepInterval });
    }
  }
  if (ddpm) {
    for (const t of ts) {
      out.push({ scheduler: 'ddpm', t, stepInterval: 1 });
    }
  }
  return out;
}

/** One scored setting. */
export interface SettingResult {
  setting: SweepSetting;
  seed: number;
  /** UNet evaluations per lead-segment (length of the reverse timestep list). */
  unetCalls: number;
  result: EvalResult;
  /** PSNR per prepared lead (same order as `prepared.leads`), dB. */
  psnr: number[];
  /** Wall time of reconstruction + metrics per lead-segment, ms (superlet excluded). */
  msPerLead: number;
}

/** Groups PSNRs by the leads' protocol groups, as `evaluateSubset` does. */
export function groupPsnr(leads: PreparedLead[], psnr: number[]): { groups: PsnrGroups; anyNoisy: number[] } {
  const groups: PsnrGroups = { clean: [], noisy: {} };
  const anyNoisy: number[] = [];
  leads.forEach((lead, i) => {
    for (const g of lead.groups) {
      if (g === 'clean') {
        groups.clean.push(psnr[i]);
      } else {
        (groups.noisy[g] ??= []).push(psnr[i]);
      }
    }
    if (lead.groups.some((g) => g !== 'clean')) {
      anyNoisy.push(psnr[i]);
    }
  });
  return { groups, anyNoisy };
}

/**
 * Scores every prepared lead with one setting and evaluates.
 * @throws InferenceError for an invalid setting (e.g. t beyond the model's schedule).
 */
export async function scoreSetting(scorer: NoiseScorer, prepared: PreparedSubset, setting: SweepSetting, seed = 0): Promise<SettingResult> {
  const started = performance.now();
  const scores = await scorer.scoreImages(
    prepared.leads.map((l) => l.item),
    { t: setting.t, stepInterval: setting.stepInterval, scheduler: setting.scheduler, seed },
  );
  const elapsedMs = performance.now() - started;
  const psnr = scores.map((s) => s.psnr);
  const { groups, anyNoisy } = groupPsnr(prepared.leads, psnr);
  return {
    setting,
    seed,
    unetCalls: reverseTimesteps(setting.t, setting.stepInterval, scorer.spec.scheduler.numTrainTimesteps).length,
    result: evaluatePsnrGroups(groups, anyNoisy),
    psnr,
    msPerLead: prepared.leads.length ? elapsedMs / prepared.leads.length : Number.NaN,
  };
}

/** Options of {@link runSweep}. */
export interface SweepOptions {
  seed?: number;
  onSetting?: (done: number, total: number, last: SettingResult) => void;
  signal?: AbortSignal;
}

/**
 * Scores `prepared` under each setting in turn.
 * @throws JobCancelledError when `signal` aborts between settings.
 */
export async function runSweep(scorer: NoiseScorer, prepared: PreparedSubset, settings: SweepSetting[], options: SweepOptions = {}): Promise<SettingResult[]> {
  const out: SettingResult[] = [];
  for (const setting of settings) {
    if (options.signal?.aborted) {
      throw new JobCancelledError('sweep cancelled');
    }
    const r = await scoreSetting(scorer, prepared, setting, options.seed ?? 0);
    out.push(r);
    options.onSetting?.(out.length, settings.length, r);
  }
  return out;
}

function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits);
}

/** Table rows (strings) of a sweep: one per setting. */
export function sweepTableRows(results: SettingResult[]): { header: string[]; rows: string[][] } {
  const header = ['scheduler', 't', 'interval', 'unet_calls', 'macro_W1', 'AUROC_any', 'youden_dB', 'median_clean_dB', 'ms/lead'];
  const rows = results.map((r) => {
    const any = r.result.rows.find((row) => row.group === 'any');
    return [
      r.setting.scheduler,
      String(r.setting.t),
      String(r.setting.stepInterval),
      String(r.unetCalls),
      fmt(r.result.macroW1),
      fmt(any?.auroc),
      fmt(any?.youden?.thresholdDb, 2),
      fmt(r.result.medianPsnrClean, 2),
      fmt(r.msPerLead, 1),
    ];
  });
  return { header, rows };
}

/** Plain-text sweep table (right-aligned columns). */
export function formatSweepTable(results: SettingResult[], title = ''): string {
  const { header, rows } = sweepTableRows(results);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((l) => l[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [...(title ? [title] : []), line(header), ...rows.map(line)].join('\n');
}
