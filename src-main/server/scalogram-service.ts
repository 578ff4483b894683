/**
 * Scalograms for the segment detail view, computed on demand and cached: the original superlet
 * scalogram of the lead-segment and, when a model is available, its reconstruction, the absolute
 * difference and the local PSNR strip.
 */
import type { ScalogramSet } from '../../src-shared/types';
import type { ProjectSession } from './project-session';

/** Computes (or returns cached) scalograms of a segment. */
export interface ScalogramService {
  compute(session: ProjectSession, segmentId: number, modelId: string | undefined): Promise<ScalogramSet>;
}
