/** Label grouping rules shared by the back end and the renderer (pure functions, no I/O). */

/** Labels that mean "clean" in the supported vocabularies (PTB-XL, BUT QDB class 1, CinC 2011). */
const CLEAN_LABELS = new Set(['clean', '1', 'class1', 'acceptable']);
/** Labels that mean "noisy". Free tags are neither. */
const NOISY_LABELS = new Set([
  'static_noise',
  'burst_noise',
  'baseline_drift',
  'electrodes_problems',
  '2',
  '3',
  'class2',
  'class3',
  'unacceptable',
]);

/** Whether a segment with these current labels counts as clean, noisy, or is unlabelled. */
export type LabelGroup = 'clean' | 'noisy' | 'unlabelled';

/**
 * Groups a current label set: any noisy label makes it noisy; otherwise any clean label makes it
 * clean; otherwise (no labels, or only free tags) it is unlabelled.
 */
export function labelGroupOf(labels: readonly string[]): LabelGroup {
  let clean = false;
  for (const label of labels) {
    if (NOISY_LABELS.has(label)) {
      return 'noisy';
    }
    if (CLEAN_LABELS.has(label)) {
      clean = true;
    }
  }
  return clean ? 'clean' : 'unlabelled';
}

/** The effective labels of a segment: the annotator's latest label when set, else the dataset's. */
export function currentLabelsOf(datasetLabels: readonly string[], annotatorLabel: string | null): string[] {
  return annotatorLabel !== null ? [annotatorLabel] : [...datasetLabels];
}

/**
 * How strongly a scored segment disagrees with a PSNR threshold, in dB. A segment is *predicted
 * noisy* when PSNR ≤ threshold (the engine's convention): clean-labelled segments at or below the
 * threshold and noisy-labelled ones above it disagree by |psnr − threshold| (plus a hair, so a
 * value exactly at the threshold still counts); others return 0.
 */
export function disagreementDb(group: LabelGroup, psnr: number | null, thresholdDb: number): number {
  if (psnr === null || !Number.isFinite(psnr)) {
    return 0;
  }
  if (group === 'clean' && psnr <= thresholdDb) {
    return thresholdDb - psnr + 1e-9;
  }
  if (group === 'noisy' && psnr > thresholdDb) {
    return psnr - thresholdDb;
  }
  return 0;
}
