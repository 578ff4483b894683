/** Types-only rows and details shared by the back end and the renderer (no runtime code). */

/** What the back end says about itself. */
export interface AppInfo {
  version: string;
  /** 'electron' or 'web'. Informational only: the renderer behaves the same for both. */
  host: 'electron' | 'web';
  /** Whether `ecg:project.open` may switch projects (false on the web host). */
  canOpenProjects: boolean;
  projectPath: string | null;
  /** Channels whose engine service is not available in this build, with the reason. */
  unavailable: Record<string, string>;
}

export interface DatasetRow {
  id: number;
  name: string;
  kind: string;
  sourcePath: string;
  recordCount: number;
  segmentCount: number;
  importedAt: string;
}

/** A model + sampling-parameter set that has scores in the project. */
export interface ModelRow {
  /** Opaque key `<sha256>:<t>:<stepInterval>:<scheduler>:<seed>` used by every `modelId` field. */
  id: string;
  name: string;
  sha256: string;
  t: number;
  stepInterval: number;
  scheduler: string;
  seed: number;
  scoredSegments: number;
}

export interface ProjectSummary {
  path: string;
  datasets: DatasetRow[];
  models: ModelRow[];
  segmentCount: number;
  scoredCount: number;
  labelledCount: number;
  annotators: string[];
  /** Values present in the project, for filter controls. */
  facets: { leads: string[]; folds: number[]; labels: string[] };
}

export type JobKind = 'import' | 'quantify';
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

/** A background job, as reported by progress events. */
export interface JobInfo {
  jobId: string;
  kind: JobKind;
  state: JobState;
  done: number;
  total: number;
  /** Estimated seconds left, null when unknown. */
  etaS: number | null;
  message: string;
  /** Skipped files with reasons (imports). */
  skipped: { path: string; reason: string }[];
  error: string | null;
  startedAt: string;
}

/** One lead-segment as a table row. */
export interface SegmentRow {
  id: number;
  datasetId: number;
  dataset: string;
  recordId: number;
  record: string;
  lead: string;
  leadIndex: number;
  /** Window index within the record. */
  index: number;
  startS: number;
  endS: number;
  fold: number | null;
  /** Labels from the dataset source (e.g. `dataset:ptbxl`); ['clean'] or [] when none. */
  datasetLabels: string[];
  /** Latest annotator label, if any. */
  annotatorLabel: string | null;
  annotator: string | null;
  /** Effective current labels (annotator's when set, else the dataset's). */
  currentLabels: string[];
  psnr: number | null;
  ssim: number | null;
  flags: string[];
}

/** Result of a segments query: the ordered ids of the whole filtered set plus a PSNR histogram. */
export interface SegmentQueryResult {
  total: number;
  /** Every matching segment id in sort order (the table fetches rows for visible ids only). */
  ids: number[];
  histogram: Histogram;
  /** Query time on the back end, ms. */
  elapsedMs: number;
}

export interface Histogram {
  /** Bin edges in dB, length = counts.length + 1. */
  edges: number[];
  counts: number[];
}

/** A label event (append-only audit log entry). */
export interface LabelEvent {
  id: number;
  segmentId: number;
  kind: string;
  value: string;
  /** false: the event retracts `value`. */
  present: boolean;
  source: string;
  createdAt: string;
  note: string | null;
}

/** One score of a segment with its provenance. */
export interface ScoreProvenance {
  modelId: string;
  modelName: string;
  sha256: string;
  t: number;
  scheduler: string;
  stepInterval: number;
  seed: number;
  provider: string;
  psnr: number;
  ssim: number | null;
  mse: number | null;
  mae: number | null;
  localPsnr: number[];
  createdAt: string;
}

export interface SegmentDetail {
  row: SegmentRow;
  recordSource: string;
  fsHz: number;
  unitsKnown: boolean;
  leadNames: string[];
  /** Window start in seconds within the record. */
  startS: number;
  /** This lead's samples in the window, mV (or raw units when `unitsKnown` is false), rounded to 1e-4. */
  trace: number[];
  /** Every lead of the window min/max-decimated to ≤ 600 values, for the small multiples. */
  previews: number[][];
  /** Segment ids of the other leads of the same window (same order as leadNames; null when absent). */
  siblingIds: (number | null)[];
  scores: ScoreProvenance[];
  labelHistory: LabelEvent[];
  elapsedMs: number;
}

/** One column of a lead's PSNR strip in the record overview: a window, or the worst of several. */
export interface OverviewStripColumn {
  startS: number;
  endS: number;
  /** Lowest PSNR of its windows, dB (null when none is scored). */
  psnr: number | null;
  /** The segment with that PSNR, opened on click. */
  segmentId: number;
  /** Windows grouped into the column. */
  windows: number;
}

/**
 * A span of a record drawn at once: each lead as min/max per column (`columnSamples` source
 * samples each, from `startSample`) and a per-window PSNR strip. A day-long record comes from the
 * envelopes stored at import; a short span from its samples.
 */
export interface RecordOverview {
  recordId: number;
  record: string;
  dataset: string;
  recordSource: string;
  fsHz: number;
  unitsKnown: boolean;
  leadNames: string[];
  durationS: number;
  /** The span shown, seconds from the record start. */
  startS: number;
  endS: number;
  startSample: number;
  columnSamples: number;
  /** Per lead: min and max per column (null where the samples were invalid). */
  envelopes: { mins: (number | null)[]; maxs: (number | null)[] }[];
  strips: OverviewStripColumn[][];
  envelopeFrom: 'stored' | 'samples';
  /** The scores shown in the strip (null when nothing is scored). */
  modelId: string | null;
  elapsedMs: number;
}

/** Scalograms of a segment: images are row-major `rows × cols`, row 0 = highest frequency. */
export interface ScalogramSet {
  rows: number;
  cols: number;
  /** Frequencies of the rows, Hz. */
  freqsHz: number[];
  /** Values in [0, 1] (the model's input scale). */
  original: number[];
  reconstructed: number[] | null;
  absDiff: number[] | null;
  /** Local PSNR per time partition, dB. */
  localPsnr: number[] | null;
  psnr: number | null;
  modelId: string | null;
  /** Why no reconstruction is shown, when `reconstructed` is null. */
  note: string | null;
  cached: boolean;
  elapsedMs: number;
}

export interface LabelGroupStats {
  label: string;
  count: number;
  histogram: Histogram;
  mean: number;
  median: number;
}

export interface EvaluationResult {
  modelId: string | null;
  groups: LabelGroupStats[];
  w1: { noiseType: string; w1: number; count: number }[];
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  auroc: number | null;
  youdenDb: number | null;
  /** Sorted ascending PSNRs of clean segments and of noisy segments (for the live confusion matrix). */
  cleanPsnr: number[];
  noisyPsnr: number[];
}

export interface AgreementResult {
  annotators: string[];
  /** Cohen's kappa per annotator pair on segments both labelled. */
  pairs: { a: string; b: string; kappa: number | null; n: number }[];
  /** Fleiss' kappa over segments labelled by every annotator (null when < 3 annotators). */
  fleiss: { kappa: number | null; n: number } | null;
}

export interface ExportPreview {
  kind: string;
  rowCount: number;
  countsByLabel: Record<string, number>;
  countsByLead: Record<string, number>;
  header: string[];
  sampleRows: string[][];
}

export interface ExportFile {
  filename: string;
  mimeType: string;
  content: string;
  rowCount: number;
}
