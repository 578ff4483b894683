/**
 * The review queue: segments whose label disagrees with the PSNR at a threshold (clean-labelled at
 * or below it, noisy-labelled above it), strongest disagreement first — over the whole project or
 * any filter of the segments table.
 */
import type { SegmentFilter } from '../../../src-shared/types';
import type { SegmentIndex } from './segment-index';

/** Options of {@link reviewQueue}. */
export interface ReviewOptions {
  /** PSNR threshold, dB: at or below it a segment is predicted noisy. */
  thresholdDb: number;
  /** Segments to consider (default: all). */
  filter?: SegmentFilter;
  /** Most segments returned (default: all). */
  limit?: number;
}

/** Ids of the queued segments, strongest disagreement first (ties in index order). */
export function reviewQueue(index: SegmentIndex, options: ReviewOptions): number[] {
  const positions = Array.from(index.filter({ ...options.filter, disagreement: true, threshold: options.thresholdDb }));
  const strength = new Map(positions.map((p) => [p, index.disagreement(p, options.thresholdDb)]));
  positions.sort((a, b) => (strength.get(b) ?? 0) - (strength.get(a) ?? 0) || a - b);
  return index.idsAt(options.limit === undefined ? positions : positions.slice(0, options.limit));
}
