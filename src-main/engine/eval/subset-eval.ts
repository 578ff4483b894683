/**
 * Evaluation straight from the PTB-XL subset (no project): the paper's protocol — the clean group
 * is every clean lead of one fold, the noisy groups are the leads labelled static_noise,
 * burst_noise or baseline_drift in any fold — scored with a model and summarised exactly as the
 * project evaluation does ({@link evaluatePsnrGroups}).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { JobCancelledError } from '../errors';
import type { BatchScore } from '../jobs/quantify.job';
import type { EcgRecord } from '../types';
import { readSubsetArrays, subsetRecord } from '../importers/npz-subset';
import { parseIndexList } from '../importers/ptbxl-labels';
import { PAPER_NOISE_TYPES } from '../../../src-shared/labels';
import type { EvalResult, SamplingParams, SqiEval } from '../../../src-shared/types';
import { evaluatePsnrGroups, type PsnrGroups } from './noise-eval';
import { addSqis, emptySqiGroups, evaluateSqiGroups } from './sqi-eval';

/** What the subset evaluation needs from a scorer (`NoiseScorer` satisfies it): whole 10-s records in memory. */
export interface RecordScorer {
  scoreRecord(
    record: EcgRecord,
    opts: { t?: number; stepInterval?: number; scheduler?: 'ddim' | 'ddpm'; seed?: number; leads?: number[] },
  ): Promise<BatchScore[]>;
}

/** Options of {@link evaluateSubset}. */
export interface SubsetEvalOptions extends Partial<SamplingParams> {
  /** Fold whose clean leads form the clean group (default 9). */
  fold?: number;
  /** At most this many leads per group (clean and each noise type), in file order. */
  limit?: number;
  /** Records of one half only (see {@link subsetHalf}); default 'all'. */
  half?: SubsetHalf | 'all';
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The two halves of the protocol's records: settings are chosen on one, figures reported on the other. */
export const SUBSET_HALVES = ['selection', 'report'] as const;
export type SubsetHalf = (typeof SUBSET_HALVES)[number];

/**
 * The half a record belongs to: 'selection' when its ecg_id is even, 'report' when odd. A fixed
 * rule, the same as `training/study_data.py`'s `half_of`, which the score study uses.
 */
export function subsetHalf(ecgId: number): SubsetHalf {
  return ecgId % 2 === 0 ? 'selection' : 'report';
}

/** Leads to score per record index, and which groups each lead belongs to. */
export interface SubsetSelection {
  /** record index → lead index → group names ('clean' or noise types). */
  leads: Map<number, Map<number, string[]>>;
  nLeads: number;
}

/**
 * Picks the leads of the protocol from the subset CSV (file names as in ../shared/data/ptbxl:
 * `ptbxl_subset_100hz.npz` + `ptbxl_subset.csv` in `dir`).
 */
export function selectSubsetLeads(dir: string, fold: number, limit = Infinity, half: SubsetHalf | 'all' = 'all'): SubsetSelection {
  const arrays = readSubsetArrays(join(dir, 'ptbxl_subset_100hz.npz'));
  const rows = parse(readFileSync(join(dir, 'ptbxl_subset.csv')), { columns: true }) as Record<string, string>[];
  const byId = new Map(rows.map((r) => [Number(r.ecg_id), r]));
  const taken: Record<string, number> = {};
  const leads = new Map<number, Map<number, string[]>>();
  let nLeads = 0;
  const take = (index: number, lead: number, group: string): void => {
    if ((taken[group] ?? 0) >= limit) {
      return;
    }
    taken[group] = (taken[group] ?? 0) + 1;
    const rec = leads.get(index) ?? new Map<number, string[]>();
    leads.set(index, rec);
    const groups = rec.get(lead) ?? [];
    if (groups.length === 0) {
      nLeads += 1;
    }
    rec.set(lead, [...groups, group]);
  };
  arrays.ecgIds.forEach((id, index) => {
    const row = byId.get(id);
    if (!row || (half !== 'all' && subsetHalf(id) !== half)) {
      return;
    }
    if (Number(row.strat_fold) === fold) {
      for (const lead of parseIndexList(row.clean)) {
        take(index, lead, 'clean');
      }
    }
    for (const type of PAPER_NOISE_TYPES) {
      for (const lead of new Set(parseIndexList(row[type] ?? '[]'))) {
        take(index, lead, type);
      }
    }
  });
  return { leads, nLeads };
}

/**
 * Scores the protocol's leads with `scorer` and evaluates. A lead scores the same here as in a
 * project or from a file (the noise is keyed by its image).
 * @throws JobCancelledError when `signal` aborts.
 */
export async function evaluateSubset(
  dir: string,
  scorer: RecordScorer,
  options: SubsetEvalOptions = {},
): Promise<EvalResult & { nLeadsScored: number; sqi: SqiEval[] }> {
  const fold = options.fold ?? 9;
  const npz = join(dir, 'ptbxl_subset_100hz.npz');
  const arrays = readSubsetArrays(npz);
  const selection = selectSubsetLeads(dir, fold, options.limit ?? Infinity, options.half ?? 'all');
  const groups: PsnrGroups = { clean: [], noisy: {} };
  const anyNoisy: number[] = [];
  const sqiGroups = emptySqiGroups();
  let done = 0;
  for (const [index, leadGroups] of selection.leads) {
    if (options.signal?.aborted) {
      throw new JobCancelledError('evaluation cancelled');
    }
    const scores = await scorer.scoreRecord(subsetRecord(arrays, index), {
      t: options.t,
      stepInterval: options.stepInterval,
      scheduler: options.scheduler,
      seed: options.seed,
      leads: [...leadGroups.keys()].sort((a, b) => a - b),
    });
    for (const s of scores) {
      const names = leadGroups.get(s.leadIndex) ?? [];
      for (const g of names) {
        if (g === 'clean') {
          groups.clean.push(s.psnr);
        } else {
          (groups.noisy[g] ??= []).push(s.psnr);
        }
      }
      const inAny = names.some((g) => g !== 'clean');
      if (inAny) {
        anyNoisy.push(s.psnr);
      }
      if (s.sqi) {
        addSqis(sqiGroups, s.sqi, names, inAny);
      }
    }
    done += leadGroups.size;
    options.onProgress?.(done, selection.nLeads);
  }
  return { ...evaluatePsnrGroups(groups, anyNoisy), nLeadsScored: done, sqi: evaluateSqiGroups(sqiGroups) };
}
