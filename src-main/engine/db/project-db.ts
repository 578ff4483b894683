/**
 * `ProjectDb`: the service API of a project file, for the CLI, jobs and the workstation (IPC /
 * HTTP handlers call these methods; none of them touches Electron). One instance = one SQLite
 * connection; open one per process or worker. Reads run concurrently with another process writing
 * (WAL). Every multi-row change runs in one transaction.
 */
import { EngineError } from '../errors';
import { browseSegments, type SegmentFilter, type SegmentPage, type SegmentSortKey } from './browse';
import { openDatabase, schemaVersion, type OpenOptions, type SqliteDb } from './connection';
import { currentLabels, labelHistory, listLabelSources, setSegmentLabels } from './labels-repo';
import { countRows, getRecord, getSegment, listDatasets } from './records-repo';
import { listScoreParamSets, segmentScores, type ScoreParamSet } from './scores-repo';
import type { CurrentLabel, DatasetRow, LabelEventRow, LabelKind, RecordRow, ScoreRow, SegmentRow } from './types';

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

/** Project summary for a dashboard. */
export interface ProjectSummary {
  schemaVersion: number;
  datasets: DatasetRow[];
  counts: ReturnType<typeof countRows>;
  labelSources: string[];
  scoreParamSets: ScoreParamSet[];
}

/** Setting key holding the curator's name used for `annotator:<name>` labels. */
export const ANNOTATOR_SETTING = 'annotator.name';

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

  /** A page of the segment browser. See {@link browseSegments}. */
  browse(
    filter: SegmentFilter,
    sortBy: SegmentSortKey = 'record',
    direction: 'asc' | 'desc' = 'asc',
    offset = 0,
    limit = 100,
  ): SegmentPage {
    return browseSegments(this.db, filter, sortBy, direction, offset, limit);
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

  /**
   * Relabels a segment: after the call, the current `kind` labels of `source` (default: the
   * configured annotator) are exactly `values`. Appends events (never edits). Returns the count.
   * @throws EngineError('invalid-input') when no source is given and no annotator name is set.
   */
  relabel(segmentId: number, values: string[], options: { kind?: LabelKind; source?: string; note?: string } = {}): number {
    const source = options.source ?? this.annotatorSource();
    return setSegmentLabels(this.db, segmentId, source, options.kind ?? 'noise', values, options.note ?? '');
  }

  /** `annotator:<name>` from the project setting. @throws EngineError('invalid-input') when unset. */
  annotatorSource(): string {
    const name = this.getSetting(ANNOTATOR_SETTING);
    if (!name) {
      throw new EngineError('invalid-input', 'no annotator name set for this project (setting annotator.name)');
    }
    return `annotator:${name}`;
  }

  /** A project setting, or null. */
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

  /** A cached scalogram PNG for (segment, parameters key), or null. */
  getCachedScalogram(segmentId: number, paramsKey: string): Buffer | null {
    const r = this.db
      .prepare('SELECT png FROM scalogram_cache WHERE segment_id = ? AND params_key = ?')
      .get(segmentId, paramsKey) as { png: Buffer } | undefined;
    return r ? r.png : null;
  }

  /** Stores a scalogram PNG in the optional cache (replacing an older one). */
  putCachedScalogram(segmentId: number, paramsKey: string, png: Uint8Array): void {
    this.db
      .prepare(
        `INSERT INTO scalogram_cache (segment_id, params_key, png, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (segment_id, params_key) DO UPDATE SET png = excluded.png, created_at = excluded.created_at`,
      )
      .run(segmentId, paramsKey, Buffer.from(png), new Date().toISOString());
  }
}
