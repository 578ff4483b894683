/**
 * Evaluation of a project: gathers the PSNR of scored segments into clean / noise-type groups by
 * their current labels under one source, then runs {@link evaluatePsnrGroups}.
 */
import { EngineError } from '../errors';
import type { SqliteDb } from '../db/connection';
import { listScoreParamSets, type ScoreParamSet } from '../db/scores-repo';
import type { ScoreParams } from '../db/types';
import { toSqi } from '../db/sqi-repo';
import { evaluatePsnrGroups, PAPER_NOISE_TYPES, type EvalResult, type PsnrGroups } from './noise-eval';
import { addSqis, emptySqiGroups, evaluateSqiGroups, type SqiEval, type SqiGroups } from './sqi-eval';

/**
 * Quality classes that count as clean: CinC 2011 'acceptable', BUT QDB class 1. The other quality
 * values ('unacceptable', 'butqdb:2', 'butqdb:3') become their own noisy groups.
 */
const QUALITY_AS_CLEAN = new Set(['acceptable', 'butqdb:1']);

/** Which labels define the groups: each record's own dataset labels, or one annotator's. */
export type LabelSpec = 'dataset' | `annotator:${string}`;

/** Partial parameters that pick a scored parameter set. */
export type ParamQuery = Partial<Pick<ScoreParams, 'modelSha256' | 't' | 'stepInterval' | 'scheduler' | 'seed'>>;

/**
 * The most recent scored parameter set matching `query`.
 * @throws EngineError('not-found') when the project has none that matches.
 */
export function selectParamSet(db: SqliteDb, query: ParamQuery = {}): ScoreParamSet {
  const match = listScoreParamSets(db).filter(
    (p) =>
      (query.modelSha256 === undefined || p.modelSha256 === query.modelSha256) &&
      (query.t === undefined || p.t === query.t) &&
      (query.stepInterval === undefined || p.stepInterval === query.stepInterval) &&
      (query.scheduler === undefined || p.scheduler === query.scheduler) &&
      (query.seed === undefined || p.seed === query.seed),
  );
  if (match.length === 0) {
    throw new EngineError('not-found', `no scores in the project match ${JSON.stringify(query)}; run ecgnq quantify --db first`);
  }
  return match[0];
}

/** Options of {@link collectPsnrGroups}. */
export interface CollectOptions {
  labels?: LabelSpec;
  /** Only clean segments of records whose metadata `strat_fold` equals this (the paper: fold 9/10). */
  cleanFold?: number;
  datasetName?: string;
}

/** PSNR groups of the project for one parameter set, plus the union of paper-type segments. */
export function collectPsnrGroups(
  db: SqliteDb,
  params: Pick<ScoreParams, 'modelSha256' | 't' | 'stepInterval' | 'scheduler' | 'seed'>,
  options: CollectOptions = {},
): { groups: PsnrGroups; anyNoisy: number[]; sqiGroups: SqiGroups } {
  const spec = options.labels ?? 'dataset';
  if (spec !== 'dataset' && !/^annotator:\S+$/.test(spec)) {
    throw new EngineError('invalid-input', `--labels must be "dataset" or "annotator:NAME", got "${spec}"`);
  }
  const rows = db
    .prepare(
      `SELECT s.segment_id AS id, s.psnr, c.value, json_extract(r.metadata_json, '$.strat_fold') AS fold, q.*
       FROM scores s
       LEFT JOIN segment_sqis q ON q.segment_id = s.segment_id
       JOIN segments g ON g.id = s.segment_id
       JOIN records r ON r.id = g.record_id
       JOIN datasets d ON d.id = r.dataset_id
       JOIN current_labels c ON c.segment_id = s.segment_id AND c.kind IN ('noise', 'quality')
         AND c.source = (CASE WHEN ? = 'dataset' THEN 'dataset:' || d.name ELSE ? END)
       WHERE s.model_sha256 = ? AND s.t = ? AND s.step_interval = ? AND s.scheduler = ? AND s.seed = ?
         AND (? IS NULL OR d.name = ?)
       ORDER BY s.segment_id`,
    )
    .all(spec, spec, params.modelSha256, params.t, params.stepInterval, params.scheduler, params.seed, options.datasetName ?? null, options.datasetName ?? null) as {
    id: number;
    psnr: number | null;
    value: string;
    fold: number | string | null;
    computed_at: string | null;
  }[];
  const groups: PsnrGroups = { clean: [], noisy: {} };
  const any = new Map<number, number>();
  const sqiGroups = emptySqiGroups();
  const inSqiAny = new Set<number>();
  for (const r of rows) {
    // SQLite returns +Infinity as a REAL; a NULL would mean a corrupt row.
    const psnr = r.psnr ?? Number.NaN;
    const group = QUALITY_AS_CLEAN.has(r.value) ? 'clean' : r.value;
    if (group === 'clean' && options.cleanFold !== undefined && Number(r.fold) !== options.cleanFold) {
      continue;
    }
    const paperType = (PAPER_NOISE_TYPES as readonly string[]).includes(r.value);
    if (group === 'clean') {
      groups.clean.push(psnr);
    } else {
      (groups.noisy[group] ??= []).push(psnr);
      if (paperType) {
        any.set(r.id, psnr);
      }
    }
    if (r.computed_at !== null) {
      const inAny = paperType && !inSqiAny.has(r.id); // a segment with two noise types counts once in 'any'
      inSqiAny.add(r.id);
      addSqis(sqiGroups, toSqi(r as unknown as Record<string, number | string | null>), [group], inAny);
    }
  }
  return { groups, anyNoisy: [...any.values()], sqiGroups };
}

/** Evaluates the project for one parameter set; `sqi` judges the stored classical SQIs of the same segments. */
export function evaluateProject(
  db: SqliteDb,
  params: Pick<ScoreParams, 'modelSha256' | 't' | 'stepInterval' | 'scheduler' | 'seed'>,
  options: CollectOptions = {},
): EvalResult & { sqi: SqiEval[] } {
  const { groups, anyNoisy, sqiGroups } = collectPsnrGroups(db, params, options);
  return { ...evaluatePsnrGroups(groups, anyNoisy), sqi: evaluateSqiGroups(sqiGroups) };
}
