/** Public API of the inference engine: what the CLI, database jobs and the workstation import. */
export {
  NoiseScorer,
  imageMetrics,
  recordNoiseKey,
  type ImageItem,
  type ImageMetrics,
  type ImageScore,
  type Reconstruction,
  type ScoreOptions,
  type ScoreProvenance,
  type ScorerLoadOptions,
  type SegmentKey,
  type SegmentScore,
} from './scorer';
export { comparisonPng } from './comparison-png';
export { loadModelSpec, type InputContract, type ModelSpec } from './model-spec';
export { recordToImages, prepareSegments, type RecordImageOptions, type SegmentImage } from './preprocess';
export { releaseAllSessions } from './session';
export type { SchedulerKind } from './scheduler';
