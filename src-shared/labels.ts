/**
 * The label vocabulary and the rules that read it, shared by the engine, the workstation back end
 * and the renderer (pure data and functions, no I/O): which labels exist, which count as clean or
 * noisy, which labels of a segment are current, and how a label disagrees with a PSNR threshold.
 */

/** Noise types of PTB-XL and the paper, in the paper's order. */
export const NOISE_TYPES = ['static_noise', 'burst_noise', 'baseline_drift', 'electrodes_problems'] as const;
/** One of {@link NOISE_TYPES}. */
export type NoiseType = (typeof NOISE_TYPES)[number];

/** The noise types whose mean W1 the paper reports (macro W1). */
export const PAPER_NOISE_TYPES = ['static_noise', 'burst_noise', 'baseline_drift'] as const;

/** Values of kind 'noise': 'clean', a noise type, or 'noisy' (untyped, e.g. MIT-BIH `~` annotations). */
export const NOISE_VALUES = ['clean', ...NOISE_TYPES, 'noisy'] as const;

/** Values of kind 'quality': BUT QDB classes 1–3 and the CinC 2011 verdicts. */
export const QUALITY_VALUES = ['butqdb:1', 'butqdb:2', 'butqdb:3', 'acceptable', 'unacceptable'] as const;

/** The labels the keyboard shortcuts 1–5 assign, in key order. */
export const SHORTCUT_LABELS = ['clean', ...NOISE_TYPES] as const;
/** One of {@link SHORTCUT_LABELS}. */
export type ShortcutLabel = (typeof SHORTCUT_LABELS)[number];

/** Labels that mean "clean": PTB-XL clean, BUT QDB class 1, CinC 2011 acceptable. */
const CLEAN_LABELS: ReadonlySet<string> = new Set(['clean', 'butqdb:1', 'acceptable']);
/** Labels that mean "noisy". Free tags (anything else) are neither. */
const NOISY_LABELS: ReadonlySet<string> = new Set([...NOISE_TYPES, 'noisy', 'butqdb:2', 'butqdb:3', 'unacceptable']);

/** Whether a segment with these current labels counts as clean, noisy, or is unlabelled. */
export type LabelGroup = 'clean' | 'noisy' | 'unlabelled';

/** True when `label` names a kind of noise (a noise type, MIT-BIH noisy, a bad quality class). */
export function isNoiseLabel(label: string): boolean {
  return NOISY_LABELS.has(label);
}

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

/**
 * The current labels of a segment (the resolution rule): the latest annotator's label when one is
 * set, else the union of its dataset's labels.
 */
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
