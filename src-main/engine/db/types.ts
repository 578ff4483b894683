/** Row shapes of the project database, as the repositories return them (camelCase, parsed JSON). */
import type { ScoreIdentity } from '../inference/score-identity';

/** Label axes: noise type (vocabulary in src-shared/labels.ts), quality class (BUT QDB, CinC 2011), free tag. */
export type LabelKind = 'noise' | 'quality' | 'tag';

export interface DatasetRow {
  id: number;
  name: string;
  kind: string;
  sourcePath: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface RecordRow {
  id: number;
  datasetId: number;
  /** Identity of the record within its dataset (e.g. PTB-XL ecg_id, relative WFDB path). */
  naturalKey: string;
  sourcePath: string;
  /** Which record inside `sourcePath` (e.g. an NPZ row index); '' when the file is one record. */
  locator: string;
  format: string;
  fsHz: number;
  nSamples: number;
  durationS: number;
  leadNames: string[];
  units: string[];
  unitsKnown: boolean;
  /** sha256 (hex) of the record's samples, rate and lead names. */
  contentHash: string;
  metadata: Record<string, unknown>;
  importedAt: string;
}

export interface SegmentRow {
  id: number;
  recordId: number;
  leadIndex: number;
  leadName: string;
  segmentIndex: number;
  startSample: number;
  endSample: number;
  /** Scalogram time columns (of 256) that are new in this window (tail rule). */
  validColumns: number;
}

/** One label event (append-only audit log). `present: false` retracts an earlier assertion. */
export interface LabelEventRow {
  id: number;
  segmentId: number;
  recordId: number;
  leadIndex: number;
  kind: LabelKind;
  value: string;
  present: boolean;
  /** `dataset:<name>`, `annotator:<name>` or `model:<id>`. */
  source: string;
  createdAt: string;
  note: string;
}

/** A label that currently holds for a segment under one source. */
export interface CurrentLabel {
  segmentId: number;
  kind: LabelKind;
  value: string;
  source: string;
  createdAt: string;
  note: string;
}

/** The identity a score was computed with (the resume key), plus the model's name. */
export interface ScoreParams extends ScoreIdentity {
  modelName: string;
}

export interface ScoreRow extends ScoreParams {
  id: number;
  segmentId: number;
  provider: string;
  /** dB; +Infinity for a perfect reconstruction. */
  psnr: number;
  /** NaN when too few columns were valid (stored as NULL). */
  ssim: number;
  mse: number;
  mae: number;
  /** PSNR (dB) per local window across the segment. */
  localPsnr: number[];
  createdAt: string;
}
