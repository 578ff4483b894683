/** Types-only rows and details shared by the back end and the renderer (no runtime code). */

/** Codes of the engine's errors (`EngineError.code`), which cross process boundaries as they are. */
export type EngineErrorCode = 'format' | 'dsp-param' | 'inference' | 'cancelled' | 'database' | 'not-found' | 'invalid-input';

/** What the back end says about itself. */
export interface AppInfo {
  version: string;
  /** 'electron' or 'web'. Informational only: the renderer behaves the same for both. */
  host: 'electron' | 'web';
  /** Whether `ecg:project.open` may switch projects (false on the web host). */
  canOpenProjects: boolean;
  projectPath: string | null;
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

/** The diffusion schedulers the scorer runs. */
export type SchedulerKind = 'ddim' | 'ddpm';

/** The sampling parameters of one reconstruction (defaults: `resolveSampling` in engine/inference/score-identity.ts). */
export interface SamplingParams {
  /** Diffusion start step. */
  t: number;
  /** Reverse step interval. */
  stepInterval: number;
  scheduler: SchedulerKind;
  /** Global noise seed, mixed into each image's noise key. */
  seed: number;
}

/** A model + sampling-parameter set that has scores in the project. */
export interface ModelRow extends SamplingParams {
  /** Opaque key `<sha256>:<t>:<stepInterval>:<scheduler>:<seed>` used by every `modelId` field. */
  id: string;
  name: string;
  sha256: string;
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
  /** The project's PSNR threshold, dB (predicted noisy at or below it): flags, filters, charts and review use it. */
  thresholdDb: number;
  /** Numeric columns of the segments table besides PSNR (declared in the engine's column registry). */
  columns: MetricColumnInfo[];
}

/** A numeric per-segment column of the segments table (SSIM, signal-quality indices…). */
export interface MetricColumnInfo {
  /** Sort key and key of `SegmentRow.metrics`. */
  key: string;
  /** Column heading. */
  label: string;
  /** Decimals shown. */
  digits: number;
}

/** Filter of a segment query (all fields optional and combined with AND; absent = no restriction). */
export interface SegmentFilter {
  datasetIds?: number[];
  leads?: string[];
  /** Keep segments whose current label set contains any of these (`unlabelled` = none). */
  labels?: string[];
  /** `clean`: current label is clean; `noisy`: carries any noise label. */
  labelGroup?: 'clean' | 'noisy';
  /** Inclusive PSNR bounds, dB. */
  psnrMin?: number;
  psnrMax?: number;
  /** Predicted class at `threshold`: noisy = PSNR ≤ threshold, clean = PSNR > threshold. */
  predicted?: 'clean' | 'noisy';
  folds?: number[];
  /** Only segments whose label disagrees with `threshold` (clean at/below it, noisy above it). */
  disagreement?: boolean;
  /** dB; used by `predicted` and `disagreement` (default: the paper's 24 dB). */
  threshold?: number;
  /** Case-insensitive substring of the record name. */
  text?: string;
  scored?: boolean;
  /** Inclusive bounds on metric columns (segments without a value are left out). */
  ranges?: { key: string; min?: number; max?: number }[];
}

/** Sort of a segment query: a fixed key (`SORT_KEYS`) or a metric column's key. */
export interface SegmentSort {
  key: string;
  dir: 'asc' | 'desc';
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
  /** Values of the metric columns (`ProjectSummary.columns`), null when absent. */
  metrics: Record<string, number | null>;
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
export interface ScoreProvenance extends SamplingParams {
  modelId: string;
  modelName: string;
  sha256: string;
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

/** Detection at one PSNR threshold. */
export interface ThresholdResult {
  /** PSNR threshold, dB (noisy when PSNR ≤ threshold). */
  thresholdDb: number;
  sensitivity: number;
  specificity: number;
}

/** One noise group compared with the clean group. */
export interface GroupResult {
  group: string;
  nNoisy: number;
  nClean: number;
  /** z-scored W1 between clean and noisy PSNR (dimensionless); null when a group is empty. */
  w1: number | null;
  auroc: number | null;
  youden: (ThresholdResult & { youdenJ: number }) | null;
  fixed: ThresholdResult | null;
  medianPsnrNoisy: number | null;
}

/** The paper's evaluation: one row per noise type, then 'any' (the noisy segments as a whole). */
export interface EvalResult {
  nClean: number;
  medianPsnrClean: number | null;
  rows: GroupResult[];
  /** Mean W1 over the paper's three noise types that have data; null when none has. */
  macroW1: number | null;
}

/** One classical signal-quality index judged by the same protocol (its values mapped so that lower = noisier). */
export interface SqiEval {
  /** Index name, e.g. 'basSqi'. */
  name: string;
  /** Display label, e.g. 'basSQI'. */
  label: string;
  result: EvalResult;
}

/** Labels vs PSNR of a project: the evaluation plus what the workstation charts. */
export interface EvaluationResult extends EvalResult {
  /** The stored classical SQIs of the same scored segments, grouped alike. */
  sqi: SqiEval[];
  modelId: string | null;
  /** Label source of the groups: 'current', 'dataset' or 'annotator:NAME'. */
  labels: string;
  /** PSNR distribution per current label (clean first). */
  groups: LabelGroupStats[];
  /** ROC of −PSNR, noisy vs clean (thinned to ≤ 500 points). */
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  /** AUROC and Youden threshold of the 'any' row. */
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

/** A review queue: its segment ids in order and which of them the annotator has labelled. */
export interface ReviewQueue {
  ids: number[];
  /** The threshold it was built at, dB. */
  thresholdDb: number;
  /** Ids of queued segments whose current label is the annotator's (empty without an annotator). */
  reviewed: number[];
}

export interface ExportPreview {
  kind: string;
  rowCount: number;
  /** What the export holds and what it left out (e.g. unscored clean segments), one line per group. */
  summary: string;
  /** refined: clean segments left out because they are not scored. */
  cleanUnscored: number;
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
  /** What the export holds and what it left out. */
  summary: string;
}
