/**
 * The contract's names without its schemas (no runtime dependencies), for the sandboxed preload
 * and the renderer: channel and event names, and the fixed sort keys.
 * `ipc-contract.ts` checks that its schemas cover exactly these channels.
 */

/** Every channel starts with this prefix; the preload rejects anything else. */
export const CHANNEL_PREFIX = 'ecg:';

/** All request/response channels by name; use these constants, never the strings. */
export const CHANNEL = {
  appInfo: 'ecg:app.info',
  projectOpen: 'ecg:project.open',
  projectSummary: 'ecg:project.summary',
  thresholdSet: 'ecg:threshold.set',
  datasetImport: 'ecg:dataset.import',
  quantifyStart: 'ecg:quantify.start',
  jobCancel: 'ecg:job.cancel',
  jobList: 'ecg:job.list',
  segmentsQuery: 'ecg:segments.query',
  segmentsRows: 'ecg:segments.rows',
  segmentDetail: 'ecg:segment.detail',
  segmentScalograms: 'ecg:segment.scalograms',
  recordOverview: 'ecg:record.overview',
  labelSet: 'ecg:label.set',
  labelSetMany: 'ecg:label.setMany',
  labelUndo: 'ecg:label.undo',
  labelNote: 'ecg:label.note',
  evaluation: 'ecg:evaluation',
  reviewQueue: 'ecg:review.queue',
  agreement: 'ecg:agreement',
  exportPreview: 'ecg:export.preview',
  exportRun: 'ecg:export.run',
} as const;
/** A channel name. */
export type Channel = (typeof CHANNEL)[keyof typeof CHANNEL];
/** All request/response channels. */
export const CHANNELS: readonly Channel[] = Object.values(CHANNEL);

/** Events pushed from the back end, by name. */
export const EVENT = {
  jobProgress: 'ecg:job.progress',
  jobDone: 'ecg:job.done',
  labelsChanged: 'ecg:labels.changed',
  projectChanged: 'ecg:project.changed',
} as const;
/** An event name. */
export type EventName = (typeof EVENT)[keyof typeof EVENT];
/** All event names. */
export const EVENTS: readonly EventName[] = Object.values(EVENT);

/** The segments table's fixed sort keys (metric columns add their own keys). */
export const SORT_KEYS = ['record', 'lead', 'time', 'psnr', 'label', 'dataset'] as const;

/** True when `name` is a known channel. */
export function isChannel(name: string): name is Channel {
  return name.startsWith(CHANNEL_PREFIX) && (CHANNELS as readonly string[]).includes(name);
}

/** True when `name` is a known event. */
export function isEventName(name: string): name is EventName {
  return name.startsWith(CHANNEL_PREFIX) && (EVENTS as readonly string[]).includes(name);
}
