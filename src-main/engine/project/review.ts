/**
 * The review queue: either the segments whose label disagrees with the PSNR at the threshold
 * (clean-labelled at or below it, noisy-labelled above it), strongest disagreement first, or every
 * segment of a filter in the table's order — over the whole project or any filter of the segments
 * table, never capped unless asked.
 */
import type { ReviewQueue, SegmentFilter, SegmentSort } from '../../../src-shared/types';
import { annotatorSource } from './label-fold';
import type { SegmentIndex } from './segment-index';

/** Options of {@link reviewQueue}. */
export interface ReviewOptions {
  /** PSNR threshold, dB: at or below it a segment is predicted noisy (the filter's threshold too). */
  thresholdDb: number;
  /** Segments to consider (default: all). */
  filter?: SegmentFilter;
  /** Queue only the segments that disagree with the threshold (default true); false: every segment of the filter. */
  disagreementsOnly?: boolean;
  /** Order of a queue of every segment of the filter (default: record order); disagreements go strongest first. */
  sort?: SegmentSort;
  /** Whose reviews to count: segments whose current label is this annotator's are `reviewed`. */
  annotator?: string;
  /** Most segments returned (default: all). */
  limit?: number;
}

export type { ReviewQueue };

/** The queued segments (see the file header), plus the ones already reviewed. */
export function reviewQueue(index: SegmentIndex, options: ReviewOptions): ReviewQueue {
  const thresholdDb = options.thresholdDb;
  const disagreementsOnly = options.disagreementsOnly ?? true;
  const filter: SegmentFilter = { ...options.filter, threshold: thresholdDb, ...(disagreementsOnly ? { disagreement: true } : {}) };
  let positions: number[];
  if (disagreementsOnly) {
    positions = Array.from(index.filter(filter));
    const strength = new Map(positions.map((p) => [p, index.disagreement(p, thresholdDb)]));
    positions.sort((a, b) => (strength.get(b) ?? 0) - (strength.get(a) ?? 0) || a - b);
  } else {
    positions = Array.from(index.sort(index.filter(filter), options.sort ?? { key: 'record', dir: 'asc' }));
  }
  if (options.limit !== undefined) {
    positions = positions.slice(0, options.limit);
  }
  const source = options.annotator === undefined ? null : annotatorSource(options.annotator);
  const reviewed = source === null ? [] : index.idsAt(positions.filter((p) => annotatorSource(index.annotatorAt(p) ?? '') === source));
  return { ids: index.idsAt(positions), thresholdDb, reviewed };
}
