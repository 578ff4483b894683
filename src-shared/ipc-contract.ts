/**
 * The one API contract between the workstation's renderer and its back end (Electron IPC or the
 * `ecgnq serve` web host). Every channel maps to a zod request schema and a response type; events
 * are listed separately. No channel string appears anywhere else.
 */
import { z } from 'zod';
import type {
  AgreementResult,
  AppInfo,
  EvaluationResult,
  ExportFile,
  ExportPreview,
  JobInfo,
  LabelEvent,
  ProjectSummary,
  RecordOverview,
  ReviewQueue,
  ScalogramSet,
  SegmentDetail,
  SegmentQueryResult,
  SegmentRow,
} from './types';

import type { EngineErrorCode, SegmentFilter, SegmentSort } from './types';
import { type Channel, type EventName } from './contract-names';

export * from './types';
export * from './contract-names';


const id = z.number().int().nonnegative();
const labelValue = z.string().min(1).max(64);
const annotator = z.string().trim().min(1).max(64).regex(/^[\w .@-]+$/, 'letters, digits, space, . @ - only');


/** Filter of the segments table (see `SegmentFilter`). */
export const segmentFilterSchema = z.strictObject({
  datasetIds: z.array(id).max(1000).optional(),
  leads: z.array(z.string().max(16)).max(64).optional(),
  labels: z.array(labelValue).max(32).optional(),
  labelGroup: z.enum(['clean', 'noisy']).optional(),
  psnrMin: z.number().finite().optional(),
  psnrMax: z.number().finite().optional(),
  predicted: z.enum(['clean', 'noisy']).optional(),
  folds: z.array(z.number().int()).max(32).optional(),
  disagreement: z.boolean().optional(),
  threshold: z.number().finite().optional(),
  text: z.string().max(200).optional(),
  scored: z.boolean().optional(),
  ranges: z
    .array(z.strictObject({ key: z.string().min(1).max(32), min: z.number().finite().optional(), max: z.number().finite().optional() }))
    .max(16)
    .optional(),
}) satisfies z.ZodType<SegmentFilter>;

/** Sort of the segments table: a fixed key or a metric column's key (checked by the engine). */
const sortSchema = z.strictObject({ key: z.string().min(1).max(32), dir: z.enum(['asc', 'desc']) }) satisfies z.ZodType<SegmentSort>;

const exportRequest = z.strictObject({
  kind: z.enum(['refined', 'scores', 'labels', 'audit']),
  /** Fraction of clean segments kept by the refined export (0–1]. */
  top: z.number().gt(0).lte(1).default(0.5),
  byNoiseType: z.boolean().default(false),
  modelId: z.string().max(200).optional(),
  /** Only the segments of this filter (the table's current one); absent: the whole project. */
  filter: segmentFilterSchema.optional(),
  /** scores: records without any score are left out ('omit') or written with a `scored_leads` column ('mark'). */
  unscored: z.enum(['omit', 'mark']).default('omit'),
});
export type ExportRequest = z.infer<typeof exportRequest>;

const quantifyParams = z.strictObject({
  modelDir: z.string().max(4096).optional(),
  datasetId: id.optional(),
  limit: z.number().int().positive().optional(),
  t: z.number().int().positive().max(1000).optional(),
  stepInterval: z.number().int().positive().max(1000).optional(),
  seed: z.number().int().optional(),
  /** Where to score: 'auto' = CUDA when it works, else the CPU (engine/inference/device.ts). */
  device: z.enum(['auto', 'cpu', 'cuda']).optional(),
});

/** Request schemas, one per channel. */
export const requestSchemas = {
  'ecg:app.info': z.strictObject({}),
  'ecg:project.open': z.strictObject({ path: z.string().min(1).max(4096), create: z.boolean().default(false) }),
  'ecg:project.summary': z.strictObject({}),
  /** Sets the project's PSNR threshold (stored in the project file). */
  'ecg:threshold.set': z.strictObject({ thresholdDb: z.number().finite().min(-1000).max(1000) }),
  'ecg:dataset.import': z.strictObject({
    kind: z.enum(['ptbxl', 'npz-subset', 'wfdb', 'cinc2011', 'butqdb', 'files']),
    path: z.string().min(1).max(4096),
    labelsCsv: z.string().max(4096).optional(),
    name: z.string().max(200).optional(),
    limit: z.number().int().positive().optional(),
  }),
  'ecg:quantify.start': quantifyParams,
  'ecg:job.cancel': z.strictObject({ jobId: z.string().min(1).max(64) }),
  'ecg:job.list': z.strictObject({}),
  'ecg:segments.query': z.strictObject({
    filter: segmentFilterSchema.default({}),
    sort: sortSchema.default({ key: 'record', dir: 'asc' }),
    modelId: z.string().max(200).optional(),
  }),
  'ecg:segments.rows': z.strictObject({ ids: z.array(id).max(2000), modelId: z.string().max(200).optional() }),
  'ecg:segment.detail': z.strictObject({ segmentId: id, modelId: z.string().max(200).optional() }),
  'ecg:segment.scalograms': z.strictObject({ segmentId: id, modelId: z.string().max(200).optional() }),
  'ecg:record.overview': z.strictObject({
    recordId: id,
    /** Span in seconds from the record start (default: the whole record). */
    startS: z.number().finite().nonnegative().optional(),
    endS: z.number().finite().positive().optional(),
    /** Columns to draw (the chart's width in pixels). */
    pixels: z.number().int().min(16).max(8192).default(1200),
    modelId: z.string().max(200).optional(),
  }),
  'ecg:label.set': z.strictObject({
    segmentId: id,
    value: labelValue,
    annotator,
    note: z.string().max(2000).optional(),
  }),
  /** One label on many segments (a table selection, sent in chunks of at most 20,000): one audit event per segment changed. */
  'ecg:label.setMany': z.strictObject({ segmentIds: z.array(id).min(1).max(20_000), value: labelValue, annotator, note: z.string().max(2000).optional() }),
  'ecg:label.undo': z.strictObject({ segmentId: id, annotator }),
  'ecg:label.note': z.strictObject({ segmentId: id, annotator, note: z.string().min(1).max(2000) }),
  'ecg:evaluation': z.strictObject({ modelId: z.string().max(200).optional() }),
  'ecg:review.queue': z.strictObject({
    /** Default: the project's threshold. */
    threshold: z.number().finite().optional(),
    /** Segments to review (default: all). */
    filter: segmentFilterSchema.default({}),
    /** true: only the filter's segments that disagree with the threshold, strongest first; false: all of them in `sort` order. */
    disagreementsOnly: z.boolean().default(true),
    sort: sortSchema.optional(),
    /** Whose labels count as reviewed. */
    annotator: annotator.optional(),
    /** Most segments queued (default: all). */
    limit: z.number().int().positive().optional(),
    modelId: z.string().max(200).optional(),
  }),
  'ecg:agreement': z.strictObject({}),
  'ecg:export.preview': exportRequest,
  'ecg:export.run': exportRequest,
} as const satisfies { [C in Channel]: z.ZodType };

/** Response types, one per channel. */
export interface ResponseMap {
  'ecg:app.info': AppInfo;
  'ecg:project.open': ProjectSummary;
  'ecg:project.summary': ProjectSummary | null;
  'ecg:threshold.set': { thresholdDb: number };
  'ecg:dataset.import': { jobId: string };
  'ecg:quantify.start': { jobId: string };
  'ecg:job.cancel': { cancelled: boolean };
  'ecg:job.list': JobInfo[];
  'ecg:segments.query': SegmentQueryResult;
  'ecg:segments.rows': SegmentRow[];
  'ecg:segment.detail': SegmentDetail;
  'ecg:segment.scalograms': ScalogramSet;
  'ecg:record.overview': RecordOverview;
  'ecg:label.set': LabelEvent;
  'ecg:label.setMany': { changed: number };
  'ecg:label.undo': LabelEvent | null;
  'ecg:label.note': LabelEvent;
  'ecg:evaluation': EvaluationResult;
  'ecg:review.queue': ReviewQueue;
  'ecg:agreement': AgreementResult;
  'ecg:export.preview': ExportPreview;
  'ecg:export.run': ExportFile;
}


/** The contract: channel → {req, res}. `req` is the *input* type (defaults may be omitted). */
export type IpcContract = {
  [C in Channel]: { req: z.input<(typeof requestSchemas)[C]>; res: ResponseMap[C] };
};
/** Parsed request type (defaults applied), as handlers receive it. */
export type ParsedRequest<C extends Channel> = z.output<(typeof requestSchemas)[C]>;

/** Progress events pushed from the back end. */
export interface EventMap extends Record<EventName, unknown> {
  'ecg:job.progress': JobInfo;
  'ecg:job.done': JobInfo;
  'ecg:labels.changed': { segmentIds: number[] };
  /** The project changed outside this back end (e.g. a CLI import or scoring run): reload what is shown. */
  'ecg:project.changed': { reason: string };
}
/** Every event name has a payload type (and no payload type lacks a name). */
export type EventMapCoversEvents = [EventName] extends [keyof EventMap] ? ([keyof EventMap] extends [EventName] ? true : never) : never;

/** Error codes that cross the boundary: the engine's, plus the transport's own. */
export type ApiErrorCode = EngineErrorCode | 'no-project' | 'unavailable' | 'unauthorized' | 'internal';

/** What a failed call returns: never a stack trace. */
export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

/** Result envelope used by every transport. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The API object the preload exposes as `window.ecg` (and the HTTP client mirrors). */
export interface EcgBridge {
  invoke<C extends Channel>(channel: C, req: IpcContract[C]['req']): Promise<ApiResult<ResponseMap[C]>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

