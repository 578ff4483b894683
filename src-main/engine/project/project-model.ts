/**
 * `ProjectModel`: the one read and curation model of a project file, for the CLI, the Electron IPC
 * handlers and the web host alike — segment facts and labels, filters and sorting, evaluation,
 * review queues, label changes and exports. Its in-memory index (for 260k-row tables) is a cache
 * over the database that notices writes by other connections (`PRAGMA data_version`): appended
 * label events and scores are folded in, anything else rebuilds the cache on next use.
 */
import { existsSync } from 'node:fs';
import { EngineError } from '../errors';
import type { SqliteDb } from '../db/connection';
import { ProjectDb, THRESHOLD_SETTING, type SegmentDetail } from '../db/project-db';
import { listScoreParamSets, type ScoreParamSet } from '../db/scores-repo';
import { getRecord } from '../db/records-repo';
import { type LeadOverview, recordOverviews, upsertOverviews } from '../db/overview-repo';
import type { LabelEventRow, RecordRow } from '../db/types';
import { parseScoreIdentityKey, scoreIdentityKey, type ScoreIdentity } from '../inference/score-identity';
import type { AgreementResult, DatasetRow, EvaluationResult, LabelEvent, ModelRow, ProjectSummary, SegmentFilter, SegmentRow, SegmentSort } from '../../../src-shared/types';
import { agreementOf } from './agreement';
import { columnReader, METRIC_COLUMNS } from './columns';
import { appendNote, labelSegments, undoLatestChange } from './curation';
import { evaluateProject, psnrHistogram, type EvaluateOptions } from './evaluation';
import {
  loadDatasetFacts,
  loadLabelEvents,
  loadRecordFacts,
  loadScoreColumn,
  loadSegmentColumns,
  loadSqis,
  tableFingerprint,
  type DatasetFacts,
  type RecordFacts,
  type SegmentColumns,
  type TableFingerprint,
} from './facts-loader';
import { LabelFold } from './label-fold';
import { reviewQueue, type ReviewOptions, type ReviewQueue } from './review';
import { PAPER_THRESHOLD_DB, roundThresholdDb } from '../../../src-shared/psnr';
import { SegmentIndex } from './segment-index';

/** Options of {@link ProjectModel.open}. */
export interface OpenProjectOptions {
  /** Create the file when it does not exist (default: it must exist). */
  create?: boolean;
  /** Open without write access (CLI reports and exports). */
  readonly?: boolean;
}

/** The ordered ids of a query's matches plus their PSNR histogram. */
export interface QueryResult {
  total: number;
  ids: number[];
  histogram: ReturnType<typeof psnrHistogram>;
}

/** Segments, records and datasets: what the indexes share (rebuilt when rows come or go). */
interface Structure {
  segments: SegmentColumns;
  records: Map<number, RecordFacts>;
  datasets: DatasetFacts[];
  fold: LabelFold;
  fingerprint: TableFingerprint;
}

/** An index with the last score id folded into it. */
interface CachedIndex {
  index: SegmentIndex;
  scoresLastId: number;
}

/** A stored label event as the API sends it (an empty note becomes null). */
export function toLabelEvent(e: LabelEventRow): LabelEvent {
  return { id: e.id, segmentId: e.segmentId, kind: e.kind, value: e.value, present: e.present, source: e.source, createdAt: e.createdAt, note: e.note === '' ? null : e.note };
}

function toModelRow(p: ScoreParamSet): ModelRow {
  return { id: scoreIdentityKey(p), name: p.modelName, sha256: p.modelSha256, t: p.t, stepInterval: p.stepInterval, scheduler: p.scheduler, seed: p.seed, scoredSegments: p.count };
}

/** The project setting that holds the threshold (dB). */

/** One open project file. Not safe to share across threads; open one per process or worker. */
export class ProjectModel {
  readonly path: string;
  readonly project: ProjectDb;
  private structure: Structure | null = null;
  private readonly indexes = new Map<string, CachedIndex>();
  private scoreSets: ScoreParamSet[] | null = null;
  private threshold: number | null = null;
  private dataVersion: number;
  private changeCounter = 0;

  private constructor(project: ProjectDb) {
    this.project = project;
    this.path = project.path;
    this.dataVersion = this.readDataVersion();
  }

  /**
   * Opens a project file.
   * @throws EngineError('not-found') when it does not exist and `create` is not set;
   *   EngineError('database') for a file of a newer program.
   */
  static open(path: string, options: OpenProjectOptions = {}): ProjectModel {
    if (!options.create && !existsSync(path)) {
      throw new EngineError('not-found', `${path}: no such project (create one with \`ecgnq import … --db ${path}\` or Create in the workstation)`);
    }
    return new ProjectModel(ProjectDb.open(path, { readonly: options.readonly }));
  }

  private get db(): SqliteDb {
    return this.project.db;
  }

  /** Bumped whenever a change by another connection was noticed (see {@link sync}). */
  get changeCount(): number {
    return this.changeCounter;
  }

  /**
   * Brings the caches up to date with writes by other connections (imports, scoring runs, other
   * processes): appended label events and scores are folded in; added or removed segments, records
   * or datasets drop the caches. Cheap when nothing changed (one pragma).
   * @returns whether anything changed.
   */
  sync(): boolean {
    const version = this.readDataVersion();
    if (version === this.dataVersion) {
      return false;
    }
    this.dataVersion = version;
    this.scoreSets = null;
    this.threshold = null;
    const structure = this.structure;
    if (!structure) {
      this.changeCounter += 1;
      return true;
    }
    const now = tableFingerprint(this.db);
    const old = structure.fingerprint;
    if (now.datasets !== old.datasets || now.records !== old.records || now.segments !== old.segments) {
      this.structure = null;
      this.indexes.clear();
      this.changeCounter += 1;
      return true;
    }
    const labelsAppended = now.labelEventsMaxId > structure.fold.lastEventId;
    const scoresAppended = now.scoresMaxId > old.scoresMaxId;
    structure.fingerprint = now;
    if (labelsAppended) {
      this.foldAppendedLabels();
    }
    if (scoresAppended) {
      for (const [key, cached] of this.indexes) {
        if (key === '') {
          // Built before anything was scored: the default model may exist now.
          this.indexes.delete(key);
          continue;
        }
        const column = loadScoreColumn(this.db, parseScoreIdentityKey(key), cached.scoresLastId);
        cached.index.updatePsnr(column);
        cached.scoresLastId = column.lastId;
      }
    }
    if (labelsAppended || scoresAppended) {
      this.changeCounter += 1;
      return true;
    }
    return false;
  }

  /**
   * The project's PSNR threshold, dB (at or below it a segment is predicted noisy): the one
   * threshold of row flags, filters, charts, the review queue and exports. Stored in the project
   * file (`project_settings`): set by the curator, or by the first scoring run to the scoring
   * model card's calibrated threshold; the paper's 24 dB until either.
   */
  thresholdDb(): number {
    if (this.threshold === null) {
      const stored = Number(this.project.getSetting(THRESHOLD_SETTING) ?? Number.NaN);
      this.threshold = Number.isFinite(stored) ? stored : PAPER_THRESHOLD_DB;
    }
    return this.threshold;
  }

  /**
   * Sets the project's threshold (rounded to 0.01 dB) and returns it.
   * @throws EngineError('invalid-input') for a non-finite value.
   */
  setThresholdDb(thresholdDb: number): number {
    if (!Number.isFinite(thresholdDb)) {
      throw new EngineError('invalid-input', `the threshold must be a finite number of dB, got ${thresholdDb}`);
    }
    const rounded = roundThresholdDb(thresholdDb);
    this.project.setSetting(THRESHOLD_SETTING, String(rounded));
    this.threshold = rounded;
    return rounded;
  }

  /** The filter with the project's threshold filled in where it sets none. */
  resolveFilter(filter: SegmentFilter): SegmentFilter {
    return filter.threshold === undefined ? { ...filter, threshold: this.thresholdDb() } : filter;
  }

  /** Models (score identities) with scores, default first: most segments scored, then most recent. */
  models(): ModelRow[] {
    this.scoreSets ??= listScoreParamSets(this.db);
    return this.scoreSets.map(toModelRow);
  }

  /**
   * The first model (in {@link models} order) whose identity matches every field given.
   * @throws EngineError('not-found') when none does.
   */
  findModel(query: Partial<ScoreIdentity>): ModelRow {
    const match = this.models().find((m) => {
      const id = parseScoreIdentityKey(m.id);
      return (Object.keys(query) as (keyof ScoreIdentity)[]).every((k) => query[k] === undefined || query[k] === id[k]);
    });
    if (!match) {
      throw new EngineError('not-found', `no scores in ${this.path} match ${JSON.stringify(query)}; run ecgnq quantify --db first`);
    }
    return match;
  }

  /** The score identity key to use: `modelId` when given, else the project's default (null when nothing is scored). */
  resolveModelId(modelId?: string): string | null {
    if (modelId !== undefined) {
      parseScoreIdentityKey(modelId);
      return modelId;
    }
    return this.models()[0]?.id ?? null;
  }

  /** The index for a model (the default when absent), built on first use. */
  index(modelId?: string): SegmentIndex {
    const key = this.resolveModelId(modelId) ?? '';
    let cached = this.indexes.get(key);
    if (!cached) {
      const structure = this.loadStructure();
      const scores = key === '' ? { segmentIds: [], psnr: [], lastId: 0 } : loadScoreColumn(this.db, parseScoreIdentityKey(key));
      const index = new SegmentIndex({
        segments: structure.segments,
        records: [...structure.records.values()],
        datasets: structure.datasets,
        labels: structure.fold,
        psnr: scores,
        metrics: columnReader(this.db, key === '' ? null : parseScoreIdentityKey(key)),
        modelId: key === '' ? null : key,
      });
      cached = { index, scoresLastId: scores.lastId };
      this.indexes.set(key, cached);
    }
    return cached.index;
  }

  /** Record facts by id. */
  records(): Map<number, RecordFacts> {
    return this.loadStructure().records;
  }

  /** Datasets with their record and segment counts. */
  datasets(): DatasetRow[] {
    const counts = this.index().datasetCounts();
    return this.loadStructure().datasets.map((d) => ({ ...d, recordCount: counts.get(d.id)?.records ?? 0, segmentCount: counts.get(d.id)?.segments ?? 0 }));
  }

  /** What the workstation shows about the project as a whole (default model). */
  summary(): ProjectSummary {
    const index = this.index();
    const counts = index.counts();
    return {
      path: this.path,
      datasets: this.datasets(),
      models: this.models(),
      segmentCount: index.size,
      scoredCount: counts.scored,
      labelledCount: counts.labelled,
      annotators: this.loadStructure().fold.annotators(),
      facets: index.facets(),
      thresholdDb: this.thresholdDb(),
      columns: METRIC_COLUMNS.map(({ key, label, digits }) => ({ key, label, digits })),
    };
  }

  /** Every segment matching `filter` in `sort` order, plus the PSNR histogram of the matches. */
  query(filter: SegmentFilter, sort: SegmentSort, modelId?: string): QueryResult {
    const index = this.index(modelId);
    const positions = index.sort(index.filter(this.resolveFilter(filter)), sort);
    return { total: positions.length, ids: index.idsAt(positions), histogram: psnrHistogram(index.psnrAt(positions)) };
  }

  /** Table rows of segment ids (unknown ids are skipped). */
  rows(ids: number[], modelId?: string): SegmentRow[] {
    return this.index(modelId).rows(ids, this.thresholdDb());
  }

  /**
   * The stored row of a record.
   * @throws EngineError('not-found') when the id does not exist.
   */
  recordRow(recordId: number): RecordRow {
    const row = getRecord(this.db, recordId);
    if (!row) {
      throw new EngineError('not-found', `record ${recordId} does not exist`);
    }
    return row;
  }

  /**
   * Everything stored about one segment: its record, current labels, history and every score.
   * @throws EngineError('not-found') when the id does not exist.
   */
  segmentDetail(segmentId: number): SegmentDetail {
    return this.project.segmentDetail(segmentId);
  }

  /** A long record's stored overview envelopes (record-overview.ts; empty when none). */
  recordEnvelopes(recordId: number): LeadOverview[] {
    return recordOverviews(this.db, recordId);
  }

  /** Stores envelopes scanned for a record imported without them (one transaction). */
  saveRecordEnvelopes(recordId: number, envelopes: LeadOverview[]): void {
    this.project.transaction(() => upsertOverviews(this.db, recordId, envelopes));
  }

  /** Labels vs PSNR (see `evaluation.ts`). */
  evaluate(options: EvaluateOptions & { modelId?: string } = {}): EvaluationResult {
    return evaluateProject(this.index(options.modelId), this.loadStructure().fold, loadSqis(this.db), options);
  }

  /**
   * The review queue (see `review.ts`) at `thresholdDb`, the project's threshold when not given.
   * Filters without a threshold of their own use the queue's.
   */
  reviewQueue(options: Partial<ReviewOptions> & { modelId?: string }): ReviewQueue {
    const thresholdDb = options.thresholdDb ?? this.thresholdDb();
    return reviewQueue(this.index(options.modelId), { ...options, thresholdDb });
  }

  /** Rows of the review queue at its threshold (the CLI's `ecgnq review`). */
  reviewRows(options: Partial<ReviewOptions> & { modelId?: string }): SegmentRow[] {
    const queue = this.reviewQueue(options);
    return this.index(options.modelId).rows(queue.ids, queue.thresholdDb);
  }

  /** Inter-rater agreement over every annotator and dataset source. */
  agreement(): AgreementResult {
    return agreementOf(this.loadStructure().fold.raterTable());
  }

  /** The label fold (current labels under every source). */
  labelFold(): LabelFold {
    return this.loadStructure().fold;
  }

  /**
   * Sets an annotator's noise label on segments (one transaction; an event per changed label).
   * @returns the last event appended per segment, in input order (segments already labelled so are left out).
   * @throws EngineError('not-found') for an unknown segment, ('invalid-input') for a bad label.
   */
  setLabel(segmentIds: number[], annotator: string, value: string, note: string | null): LabelEvent[] {
    this.project.transaction(() => labelSegments(this.db, segmentIds, annotator, value, note));
    return this.afterOwnWrite(segmentIds);
  }

  /**
   * Sets one annotator label on many segments (a table selection) in one transaction: each segment
   * gets its own events in the audit log. Segments already labelled so are left alone.
   * @returns how many segments changed.
   * @throws EngineError('not-found') for an unknown segment.
   */
  setLabelMany(segmentIds: number[], annotator: string, value: string, note: string | null): number {
    const changed = this.project.transaction(() => labelSegments(this.db, segmentIds, annotator, value, note));
    if (this.structure) {
      this.foldAppendedLabels();
    }
    return changed;
  }

  /**
   * Adds a note to a segment: a fresh `note#k` tag by the annotator carrying the text, so every
   * note lands in the audit log.
   */
  addNote(segmentId: number, annotator: string, note: string): LabelEvent {
    this.project.transaction(() => appendNote(this.db, segmentId, annotator, note));
    const [event] = this.afterOwnWrite([segmentId]);
    return event;
  }

  /**
   * Reverts the annotator's latest change on a segment not undone yet (see `undoLatestChange`).
   * Returns the last event appended, or null when there is nothing to undo.
   */
  undoLast(segmentId: number, annotator: string): LabelEvent | null {
    if (!undoLatestChange(this.db, segmentId, annotator)) {
      return null;
    }
    return this.afterOwnWrite([segmentId])[0] ?? null;
  }

  /** Closes the database; the model is unusable afterwards. */
  close(): void {
    this.project.close();
  }

  /** Folds our own new label events in and returns each segment's last event. */
  private afterOwnWrite(segmentIds: number[]): LabelEvent[] {
    if (this.structure) {
      this.foldAppendedLabels();
    }
    return segmentIds.flatMap((id) => {
      const last = this.project.labelHistory(id).at(-1);
      return last ? [toLabelEvent(last)] : [];
    });
  }

  private foldAppendedLabels(): void {
    const structure = this.loadStructure();
    const changed = structure.fold.apply(loadLabelEvents(this.db, structure.fold.lastEventId));
    for (const cached of this.indexes.values()) {
      cached.index.refreshLabels(changed);
    }
  }

  private loadStructure(): Structure {
    if (!this.structure) {
      const fingerprint = tableFingerprint(this.db);
      const fold = new LabelFold();
      fold.apply(loadLabelEvents(this.db, 0));
      this.structure = {
        segments: loadSegmentColumns(this.db),
        records: new Map(loadRecordFacts(this.db).map((r) => [r.id, r])),
        datasets: loadDatasetFacts(this.db),
        fold,
        fingerprint,
      };
    }
    return this.structure;
  }

  private readDataVersion(): number {
    return Number(this.db.pragma('data_version', { simple: true }));
  }
}
