/**
 * What the workstation's handlers need from a project: a narrow, synchronous-or-async store
 * interface. `db-store.ts` implements it over the project database; tests may use the synthetic one.
 */
import type { LeadOverview } from '../engine/db/overview-repo';
import type { SignalSource } from '../engine/types';
import type {
  DatasetRow,
  LabelEvent,
  ModelRow,
  ScoreProvenance,
} from '../../src-shared/types';

/** One lead-segment in bulk form, as loaded into the in-memory segment index. */
export interface SegmentFacts {
  id: number;
  datasetId: number;
  recordId: number;
  leadIndex: number;
  lead: string;
  index: number;
  startSample: number;
  endSample: number;
  fold: number | null;
  /** Current dataset-source labels (empty = none recorded). */
  datasetLabels: string[];
  /** Latest annotator label and its annotator (null when never relabelled). */
  annotatorLabel: string | null;
  annotator: string | null;
  /** Score for the selected model (null when unscored). */
  psnr: number | null;
  ssim: number | null;
}

/** Record-level facts the index keeps once per record. */
export interface RecordFacts {
  id: number;
  datasetId: number;
  name: string;
  fsHz: number;
  leadNames: string[];
  source: string;
}

/** A record opened for display: ranges are read as they are shown, never the whole recording. */
export interface RecordSignals {
  fsHz: number;
  leadNames: string[];
  unitsKnown: boolean;
  /** Where the record was read from, for display. */
  source: string;
  /** The record's samples by range (close it when the cache drops it). */
  record: SignalSource;
}

/** The project operations the handlers use. Every method may throw an engine error. */
export interface ProjectStore {
  readonly path: string;
  listDatasets(): DatasetRow[];
  listModels(): ModelRow[];
  listAnnotators(): string[];
  /** Default model id (most segments scored), null when nothing is scored. */
  defaultModelId(): string | null;
  /** All records (bulk). */
  loadRecords(): RecordFacts[];
  /** All segments with labels and the given model's scores (bulk). */
  loadSegments(modelId: string | null): SegmentFacts[];
  /** Opens a record for range reads. */
  readRecordSignals(recordId: number): Promise<RecordSignals>;
  /** The record's stored overview envelopes (empty when none). */
  recordEnvelopes(recordId: number): LeadOverview[];
  /** Stores envelopes computed for a record that had none. */
  saveRecordEnvelopes(recordId: number, envelopes: LeadOverview[]): void;
  scoresOf(segmentId: number): ScoreProvenance[];
  labelHistory(segmentId: number): LabelEvent[];
  /** Appends a label event by `annotator:<name>`; value null means "cleared" (undo to nothing). */
  appendLabel(segmentId: number, annotator: string, value: string | null, note: string | null): LabelEvent;
  /**
   * Reverts the annotator's most recent change on a segment (appends the events that restore the
   * labels they had before it). Returns the last event appended, or null when there is nothing to undo.
   */
  undoLast(segmentId: number, annotator: string): LabelEvent | null;
  /** The segment's latest annotator label (values joined by '+'), or null. */
  currentAnnotatorLabel(segmentId: number): { value: string; annotator: string } | null;
  /** rater → (segment id → current label) for every annotator and dataset source (for agreement). */
  annotatorLabelTable(): Map<string, Map<number, string>>;
  close(): void;
}
