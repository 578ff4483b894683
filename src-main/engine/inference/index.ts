/** Public API of the inference engine: what the CLI, database jobs and the workstation import. */
export {
  NoiseScorer,
  imageMetrics,
  type ImageItem,
  type ImageMetrics,
  type ImageScore,
  type Reconstruction,
  type RecordScoreOptions,
  type ScoreOptions,
  type ScoreProvenance,
  type ScorerLoadOptions,
  type SegmentKey,
  type SegmentScore,
} from './scorer';
export { comparisonPng } from './comparison-png';
export { loadModelSpec, type InputContract, type ModelSpec } from './model-spec';
export {
  MAX_INVALID_FRACTION,
  prepareRecordImages,
  prepareRecordSegments,
  prepareSegments,
  recordToImages,
  type PreparedImages,
  type PreparedRecord,
  type RecordImageOptions,
  type SegmentImage,
  type SkippedSegment,
} from './preprocess';
export { releaseAllSessions } from './session';
export type { SchedulerKind } from './scheduler';
