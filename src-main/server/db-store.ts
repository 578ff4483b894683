/**
 * The workstation's {@link ProjectStore} over the project database (src-main/engine/db): bulk
 * reads for the in-memory segment index, per-segment details, and annotator label events.
 */
import { existsSync } from 'node:fs';
import { EngineError } from '../engine/errors';
import { openDatabase, type SqliteDb } from '../engine/db/connection';
import { appendLabelEvents, labelHistory as dbLabelHistory, setSegmentLabels } from '../engine/db/labels-repo';
import { getRecord, listDatasets } from '../engine/db/records-repo';
import { listScoreParamSets, segmentScores } from '../engine/db/scores-repo';
import { type LeadOverview, recordOverviews, upsertOverviews } from '../engine/db/overview-repo';
import type { DatasetRow, LabelEvent, ModelRow, ScoreProvenance } from '../../src-shared/types';
import type { ProjectStore, RecordFacts, RecordSignals, SegmentFacts } from './store';
import { readRecordSignals } from './record-signals';

const ANNOTATOR_PREFIX = 'annotator:';

/** Key of a score parameter set, as used for `modelId` across the API. */
export function modelKey(p: { modelSha256: string; t: number; stepInterval: number; scheduler: string; seed: number }): string {
  return `${p.modelSha256}:${p.t}:${p.stepInterval}:${p.scheduler}:${p.seed}`;
}

/** Parses a {@link modelKey}. @throws EngineError('invalid-input') when malformed. */
export function parseModelKey(key: string): { modelSha256: string; t: number; stepInterval: number; scheduler: string; seed: number } {
  const parts = key.split(':');
  if (parts.length !== 5 || parts.slice(1, 3).some((v) => !/^\d+$/.test(v)) || !/^-?\d+$/.test(parts[4])) {
    throw new EngineError('invalid-input', `model id "${key}" is not <sha256>:<t>:<stepInterval>:<scheduler>:<seed>`);
  }
  return { modelSha256: parts[0], t: Number(parts[1]), stepInterval: Number(parts[2]), scheduler: parts[3], seed: Number(parts[4]) };
}

/** Label source of an annotator name (spaces become underscores: sources have no blanks). */
export function annotatorSource(annotator: string): string {
  return `${ANNOTATOR_PREFIX}${annotator.trim().replace(/\s+/g, '_')}`;
}

/** Opens a project file as a store (creating the file when `create`). */
export function openDbStore(path: string, create = false): DbStore {
  if (!create) {
    // Opening would silently create a file; a typo in the path should be an error instead.
    if (!existsSync(path)) {
      throw new EngineError('not-found', `${path}: no such project (use Create to make a new one)`);
    }
    return new DbStore(path, openDatabase(path, { readonly: false }), true);
  }
  return new DbStore(path, openDatabase(path), false);
}

/** A project database seen through the workstation's needs. */
export class DbStore implements ProjectStore {
  readonly path: string;
  readonly db: SqliteDb;

  constructor(path: string, db: SqliteDb, mustHaveTables: boolean) {
    this.path = path;
    this.db = db;
    if (mustHaveTables) {
      const row = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'segments'").get() as { n: number };
      if (row.n === 0) {
        throw new EngineError('database', `${path}: not an ECG Noise Workbench project`);
      }
    }
  }

  listDatasets(): DatasetRow[] {
    const counts = new Map(
      (
        this.db
          .prepare(
            `SELECT r.dataset_id AS id, COUNT(DISTINCT r.id) AS records, COUNT(g.id) AS segments
             FROM records r LEFT JOIN segments g ON g.record_id = r.id GROUP BY r.dataset_id`,
          )
          .all() as { id: number; records: number; segments: number }[]
      ).map((r) => [r.id, r]),
    );
    return listDatasets(this.db).map((d) => ({
      id: d.id,
      name: d.name,
      kind: d.kind,
      sourcePath: d.sourcePath,
      recordCount: counts.get(d.id)?.records ?? 0,
      segmentCount: counts.get(d.id)?.segments ?? 0,
      importedAt: d.createdAt,
    }));
  }

  listModels(): ModelRow[] {
    return listScoreParamSets(this.db).map((p) => ({
      id: modelKey(p),
      name: p.modelName,
      sha256: p.modelSha256,
      t: p.t,
      stepInterval: p.stepInterval,
      scheduler: p.scheduler,
      seed: p.seed,
      scoredSegments: p.count,
    }));
  }

  listAnnotators(): string[] {
    return (
      this.db
        .prepare("SELECT DISTINCT source FROM label_events WHERE source LIKE 'annotator:%' ORDER BY source")
        .all() as { source: string }[]
    ).map((r) => r.source.slice(ANNOTATOR_PREFIX.length));
  }

  defaultModelId(): string | null {
    const models = this.listModels().sort((a, b) => b.scoredSegments - a.scoredSegments);
    return models.length > 0 ? models[0].id : null;
  }

  loadRecords(): RecordFacts[] {
    const rows = this.db
      .prepare('SELECT id, dataset_id, natural_key, fs_hz, lead_names_json, source_path FROM records ORDER BY id')
      .all() as { id: number; dataset_id: number; natural_key: string; fs_hz: number; lead_names_json: string; source_path: string }[];
    return rows.map((r) => ({
      id: r.id,
      datasetId: r.dataset_id,
      name: r.natural_key,
      fsHz: r.fs_hz,
      leadNames: JSON.parse(r.lead_names_json) as string[],
      source: r.source_path,
    }));
  }

  loadSegments(modelId: string | null): SegmentFacts[] {
    // Raw (array) rows and typed arrays keyed by id: this runs over every segment of the project.
    const folds = new Map<number, number | null>();
    for (const [id, fold] of this.db
      .prepare("SELECT id, json_extract(metadata_json, '$.strat_fold') FROM records")
      .raw()
      .iterate() as IterableIterator<[number, number | string | null]>) {
      const value = fold === null || fold === '' ? null : Number(fold);
      folds.set(id, Number.isFinite(value) ? value : null);
    }
    const datasetOf = new Map(
      (this.db.prepare('SELECT id, dataset_id FROM records').raw().all() as [number, number][]).map(([id, d]) => [id, d]),
    );
    const maxId = (this.db.prepare('SELECT COALESCE(MAX(id), 0) FROM segments').pluck().get() as number) + 1;
    const psnr = new Float64Array(maxId).fill(Number.NaN);
    const ssim = new Float64Array(maxId).fill(Number.NaN);
    if (modelId !== null) {
      const p = parseModelKey(modelId);
      const stmt = this.db
        .prepare('SELECT segment_id, psnr, ssim FROM scores WHERE model_sha256 = ? AND t = ? AND step_interval = ? AND scheduler = ? AND seed = ?')
        .raw();
      for (const [id, value, structural] of stmt.iterate(p.modelSha256, p.t, p.stepInterval, p.scheduler, p.seed) as IterableIterator<
        [number, number, number | null]
      >) {
        psnr[id] = value;
        ssim[id] = structural ?? Number.NaN;
      }
    }
    const labels = this.currentLabelMaps();
    const out: SegmentFacts[] = [];
    const stmt = this.db
      .prepare(
        `SELECT id, record_id, lead_index, lead_name, segment_index, start_sample, end_sample
         FROM segments ORDER BY record_id, segment_index, lead_index`,
      )
      .raw();
    for (const [id, recordId, leadIndex, lead, index, startSample, endSample] of stmt.iterate() as IterableIterator<
      [number, number, number, string, number, number, number]
    >) {
      const annot = labels.annotator.get(id);
      const dataset = labels.dataset.get(id);
      out.push({
        id,
        datasetId: datasetOf.get(recordId) ?? 0,
        recordId,
        leadIndex,
        lead,
        index,
        startSample,
        endSample,
        fold: folds.get(recordId) ?? null,
        datasetLabels: dataset ? [...dataset].sort() : [],
        annotatorLabel: annot?.value ?? null,
        annotator: annot?.annotator ?? null,
        psnr: Number.isNaN(psnr[id]) ? null : psnr[id],
        ssim: Number.isNaN(ssim[id]) ? null : ssim[id],
      });
    }
    return out;
  }

  async readRecordSignals(recordId: number): Promise<RecordSignals> {
    const record = getRecord(this.db, recordId);
    if (!record) {
      throw new EngineError('not-found', `record ${recordId} does not exist`);
    }
    return readRecordSignals(record);
  }

  recordEnvelopes(recordId: number): LeadOverview[] {
    return recordOverviews(this.db, recordId);
  }

  saveRecordEnvelopes(recordId: number, envelopes: LeadOverview[]): void {
    this.db.transaction(() => upsertOverviews(this.db, recordId, envelopes))();
  }

  scoresOf(segmentId: number): ScoreProvenance[] {
    return segmentScores(this.db, segmentId).map((s) => ({
      modelId: modelKey(s),
      modelName: s.modelName,
      sha256: s.modelSha256,
      t: s.t,
      scheduler: s.scheduler,
      stepInterval: s.stepInterval,
      seed: s.seed,
      provider: s.provider,
      psnr: s.psnr,
      ssim: s.ssim,
      mse: s.mse,
      mae: s.mae,
      localPsnr: s.localPsnr,
      createdAt: s.createdAt,
    }));
  }

  labelHistory(segmentId: number): LabelEvent[] {
    return dbLabelHistory(this.db, segmentId).map((e) => ({
      id: e.id,
      segmentId: e.segmentId,
      kind: e.kind,
      value: e.value,
      present: e.present,
      source: e.source,
      createdAt: e.createdAt,
      note: e.note === '' ? null : e.note,
    }));
  }

  appendLabel(segmentId: number, annotator: string, value: string | null, note: string | null): LabelEvent {
    const source = annotatorSource(annotator);
    const exists = this.db.prepare('SELECT 1 FROM segments WHERE id = ?').get(segmentId);
    if (!exists) {
      throw new EngineError('not-found', `segment ${segmentId} does not exist`);
    }
    if (value === null && note !== null) {
      // A note alone: a fresh `note#k` tag carrying the text, so every note lands in the audit log.
      const notes = this.db
        .prepare("SELECT COUNT(*) AS n FROM label_events WHERE segment_id = ? AND kind = 'tag' AND value LIKE 'note#%'")
        .get(segmentId) as { n: number };
      this.db.transaction(() => {
        appendLabelEvents(this.db, [{ segmentId, kind: 'tag', value: `note#${notes.n + 1}`, source, note }]);
      }).immediate();
    } else {
      setSegmentLabels(this.db, segmentId, source, 'noise', value === null ? [] : [value], note ?? '');
    }
    const history = this.labelHistory(segmentId);
    const last = history[history.length - 1];
    if (!last) {
      throw new EngineError('database', `no label event recorded for segment ${segmentId}`);
    }
    return last;
  }

  undoLast(segmentId: number, annotator: string): LabelEvent | null {
    const source = annotatorSource(annotator);
    const own = this.labelHistory(segmentId).filter((e) => e.source === source && e.kind === 'noise');
    if (own.length === 0) {
      return null;
    }
    // One relabel appends its events with one timestamp: the last batch is the change to undo.
    const lastAt = own[own.length - 1].createdAt;
    const before = new Set<string>();
    for (const e of own) {
      if (e.createdAt === lastAt) {
        break;
      }
      if (e.present) {
        before.add(e.value);
      } else {
        before.delete(e.value);
      }
    }
    const appended = setSegmentLabels(this.db, segmentId, source, 'noise', [...before], 'undo');
    if (appended === 0) {
      return null;
    }
    const history = this.labelHistory(segmentId);
    return history[history.length - 1] ?? null;
  }

  close(): void {
    this.db.close();
  }

  currentAnnotatorLabel(segmentId: number): { value: string; annotator: string } | null {
    const rows = this.db
      .prepare("SELECT segment_id, value, present, source FROM label_events WHERE segment_id = ? AND kind IN ('noise', 'quality') ORDER BY id")
      .all(segmentId) as LabelSql[];
    return foldLabels(rows).annotator.get(segmentId) ?? null;
  }

  annotatorLabelTable(): Map<string, Map<number, string>> {
    const folded = foldLabels(this.labelRows());
    const table = new Map<string, Map<number, string>>();
    for (const [key, values] of folded.sets) {
      if (values.size === 0) {
        continue;
      }
      const [segmentId, source] = splitKey(key);
      const rater = source.startsWith(ANNOTATOR_PREFIX) ? source.slice(ANNOTATOR_PREFIX.length) : source;
      const map = table.get(rater) ?? new Map<number, string>();
      map.set(segmentId, [...values].sort().join('+'));
      table.set(rater, map);
    }
    return table;
  }

  private *labelRows(): Iterable<LabelSql> {
    const stmt = this.db
      .prepare("SELECT segment_id, value, present, source FROM label_events WHERE kind IN ('noise', 'quality') ORDER BY id")
      .raw();
    for (const [segmentId, value, present, source] of stmt.iterate() as IterableIterator<[number, string, number, string]>) {
      yield { segment_id: segmentId, value, present, source };
    }
  }

  /** Current dataset labels and the latest annotator's label per segment, folded from the log in id order. */
  private currentLabelMaps(): {
    dataset: Map<number, Set<string>>;
    annotator: Map<number, { value: string; annotator: string }>;
  } {
    return foldLabels(this.labelRows());
  }
}

interface LabelSql {
  segment_id: number;
  value: string;
  present: number;
  source: string;
}

function splitKey(key: string): [number, string] {
  const bar = key.indexOf('|');
  return [Number(key.slice(0, bar)), key.slice(bar + 1)];
}

/**
 * Folds label events (in id order) into current label sets per (segment, source), the union of
 * dataset sources per segment, and each segment's latest annotator label (values joined by '+').
 */
export function foldLabels(rows: Iterable<LabelSql>): {
  sets: Map<string, Set<string>>;
  dataset: Map<number, Set<string>>;
  annotator: Map<number, { value: string; annotator: string }>;
} {
  const sets = new Map<string, Set<string>>();
  /** Per segment: annotator name → order of their latest event. */
  const annotatorOrder = new Map<number, Map<string, number>>();
  let order = 0;
  for (const e of rows) {
    const key = `${e.segment_id}|${e.source}`;
    let set = sets.get(key);
    if (!set) {
      set = new Set<string>();
      sets.set(key, set);
    }
    if (e.present === 1) {
      set.add(e.value);
    } else {
      set.delete(e.value);
    }
    if (e.source.startsWith(ANNOTATOR_PREFIX)) {
      const names = annotatorOrder.get(e.segment_id) ?? new Map<string, number>();
      names.set(e.source.slice(ANNOTATOR_PREFIX.length), order++);
      annotatorOrder.set(e.segment_id, names);
    }
  }
  const dataset = new Map<number, Set<string>>();
  for (const [key, values] of sets) {
    const [segmentId, source] = splitKey(key);
    if (source.startsWith('dataset:')) {
      const union = dataset.get(segmentId) ?? new Set<string>();
      values.forEach((v) => union.add(v));
      dataset.set(segmentId, union);
    }
  }
  // The segment's annotator label: the most recently active annotator who still has one.
  const annotator = new Map<number, { value: string; annotator: string }>();
  for (const [segmentId, names] of annotatorOrder) {
    const byRecency = [...names.entries()].sort((a, b) => b[1] - a[1]);
    for (const [name] of byRecency) {
      const values = [...(sets.get(`${segmentId}|${ANNOTATOR_PREFIX}${name}`) ?? [])].sort();
      if (values.length > 0) {
        annotator.set(segmentId, { value: values.join('+'), annotator: name });
        break;
      }
    }
  }
  return { sets, dataset, annotator };
}
