/**
 * `ProjectDb`: one SQLite connection to a project file, for importers, jobs and the project model
 * (`engine/project`). Open one per process or worker. Reads run concurrently with another process
 * writing (WAL). Every multi-row change runs in one transaction.
 */
import { EngineError } from '../errors';
import { openDatabase, schemaVersion, type OpenOptions, type SqliteDb } from './connection';
import { currentLabels, labelHistory, listLabelSources } from './labels-repo';
import { countRows, getRecord, getSegment, listDatasets } from './records-repo';
import { listScoreParamSets, segmentScores, type ScoreParamSet } from './scores-repo';
import type { CurrentLabel, DatasetRow, LabelEventRow, RecordRow, ScoreRow, SegmentRow } from './types';

/** Everything the segment-detail view shows about one segment. */
export interface SegmentDetail {
  segment: SegmentRow;
  record: RecordRow;
  datasetName: string;
  /** Window in seconds. */
  startS: number;
  endS: number;
  /** Current labels, every source. */
  labels: CurrentLabel[];
  /** Full label history, oldest first. */
  history: LabelEventRow[];
  /** Every score of the segment (all models / parameter sets), newest first. */
  scores: ScoreRow[];
}

/** Setting key of the project's PSNR threshold, dB (see `ProjectModel.thresholdDb`). */
export const THRESHOLD_SETTING = 'threshold_db';

/** Project summary for a dashboard. */
export interface ProjectSummary {
  schemaVersion: number;
  datasets: DatasetRow[];
  counts: ReturnType<typeof countRows>;
  labelSources: string[];
  scoreParamSets: ScoreParamSet[];
}

export class ProjectDb {
  /** The underlying connection (for repositories and jobs in this package). */
  readonly db: SqliteDb;
  readonly path: string;

  private constructor(db: SqliteDb, path: string) {
    this.db = db;
    this.path = path;
  }

  /**
   * Opens (creating and migrating if needed) the project at `path`.
   * @throws EngineError('database') on a schema newer than this program.
   */
  static open(path: string, options: OpenOptions = {}): ProjectDb {
    return new ProjectDb(openDatabase(path, options), path);
  }

  /** Closes the connection; the object is unusable afterwards. */
  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one IMMEDIATE transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Datasets, counts, label sources and scored parameter sets. */
  summary(): ProjectSummary {
    return {
      schemaVersion: schemaVersion(this.db),
      datasets: listDatasets(this.db),
      counts: countRows(this.db),
      labelSources: listLabelSources(this.db),
      scoreParamSets: listScoreParamSets(this.db),
    };
  }

  /**
   * Everything about one segment.
   * @throws EngineError('not-found') when the id does not exist.
   */
  segmentDetail(segmentId: number): SegmentDetail {
    const segment = getSegment(this.db, segmentId);
    const record = segment ? getRecord(this.db, segment.recordId) : null;
    if (!segment || !record) {
      throw new EngineError('not-found', `segment ${segmentId} does not exist`);
    }
    const dataset = this.db.prepare('SELECT name FROM datasets WHERE id = ?').get(record.datasetId) as { name: string };
    return {
      segment,
      record,
      datasetName: dataset.name,
      startS: segment.startSample / record.fsHz,
      endS: segment.endSample / record.fsHz,
      labels: currentLabels(this.db, segmentId),
      history: labelHistory(this.db, segmentId),
      scores: segmentScores(this.db, segmentId),
    };
  }

  /** Label history of a segment, oldest first. */
  labelHistory(segmentId: number): LabelEventRow[] {
    return labelHistory(this.db, segmentId);
  }

  /** A project setting, or null (keys: the `*_SETTING` constants of this module). */
  getSetting(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM project_settings WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? r.value : null;
  }

  /** Stores a project setting. */
  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO project_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
