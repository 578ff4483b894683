/**
 * The contract's names without its schemas (no runtime dependencies), for the sandboxed preload
 * and the renderer: channel and event names, and the label vocabulary of the shortcuts.
 * `ipc-contract.ts` checks that its schemas cover exactly these channels.
 */

/** Every channel starts with this prefix; the preload rejects anything else. */
export const CHANNEL_PREFIX = 'ecg:';

/** All request/response channels. */
export const CHANNELS = [
  'ecg:app.info',
  'ecg:project.open',
  'ecg:project.summary',
  'ecg:dataset.import',
  'ecg:quantify.start',
  'ecg:job.cancel',
  'ecg:job.list',
  'ecg:segments.query',
  'ecg:segments.rows',
  'ecg:segment.detail',
  'ecg:segment.scalograms',
  'ecg:label.set',
  'ecg:label.undo',
  'ecg:label.note',
  'ecg:evaluation',
  'ecg:review.queue',
  'ecg:agreement',
  'ecg:export.preview',
  'ecg:export.run',
] as const;
/** A channel name. */
export type Channel = (typeof CHANNELS)[number];

/** Events pushed from the back end. */
export const EVENTS = ['ecg:job.progress', 'ecg:job.done', 'ecg:labels.changed'] as const;
/** An event name. */
export type EventName = (typeof EVENTS)[number];

/** The label vocabulary the keyboard shortcuts 1–5 assign, in key order. */
export const NOISE_LABELS = ['clean', 'static_noise', 'burst_noise', 'baseline_drift', 'electrodes_problems'] as const;
/** One of the five noise-type labels. */
export type NoiseLabel = (typeof NOISE_LABELS)[number];

/** Sort keys of the segments table. */
export const SORT_KEYS = ['record', 'lead', 'time', 'psnr', 'ssim', 'label', 'dataset'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** True when `name` is a known channel. */
export function isChannel(name: string): name is Channel {
  return name.startsWith(CHANNEL_PREFIX) && (CHANNELS as readonly string[]).includes(name);
}

/** True when `name` is a known event. */
export function isEventName(name: string): name is EventName {
  return name.startsWith(CHANNEL_PREFIX) && (EVENTS as readonly string[]).includes(name);
}
