/**
 * Synthetic segment facts for index tests and the 260k-row timing: `records` 12-lead records of
 * one 10-s window each, deterministic labels, PSNRs and SSIMs (LCG), held in memory (no SQLite).
 */
import type { DatasetFacts, RecordFacts, SegmentColumns } from '../../../src-main/engine/project/facts-loader';
import { LabelFold, type AnnotatorLabel } from '../../../src-main/engine/project/label-fold';
import { SegmentIndex } from '../../../src-main/engine/project/segment-index';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const NOISE = ['static_noise', 'burst_noise', 'baseline_drift', 'electrodes_problems'];

/** Deterministic pseudo-random numbers in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One synthetic segment as a test compares it (the naive side of the checks). */
export interface SyntheticSegment {
  id: number;
  recordId: number;
  lead: string;
  fold: number;
  datasetLabels: string[];
  psnr: number | null;
  ssim: number;
}

/** A synthetic project: its segments, and an index over them whose annotator labels can be set. */
export interface SyntheticProject {
  segments: SyntheticSegment[];
  index: SegmentIndex;
  /** Sets (or with null clears) a segment's annotator label and refreshes the index. */
  setAnnotatorLabel(segmentId: number, label: AnnotatorLabel | null): void;
}

/** A synthetic project with `records × 12` lead-segments. */
export function syntheticProject(records: number, seed = 1): SyntheticProject {
  const rand = lcg(seed);
  const n = records * 12;
  const columns: SegmentColumns = {
    ids: new Int32Array(n),
    recordIds: new Int32Array(n),
    leadIndex: new Int16Array(n),
    windowIndex: new Int32Array(n),
    startSample: new Int32Array(n),
    endSample: new Int32Array(n).fill(5000),
    leadCodes: new Uint16Array(n),
    leadNames: LEADS,
  };
  const recordFacts: RecordFacts[] = [];
  const segments: SyntheticSegment[] = [];
  for (let r = 0; r < records; r++) {
    const fold = 1 + (r % 10);
    recordFacts.push({ id: r + 1, datasetId: 1, name: `rec${String(r).padStart(6, '0')}`, fsHz: 500, source: '-', filename: '-', fold });
    for (let l = 0; l < 12; l++) {
      const p = r * 12 + l;
      const noisy = rand() < 0.15;
      const labels = noisy ? [NOISE[Math.floor(rand() * NOISE.length)]] : ['clean'];
      const psnr = noisy ? 18 + 8 * rand() : 24 + 10 * rand();
      columns.ids[p] = p + 1;
      columns.recordIds[p] = r + 1;
      columns.leadIndex[p] = l;
      columns.leadCodes[p] = l;
      segments.push({ id: p + 1, recordId: r + 1, lead: LEADS[l], fold, datasetLabels: labels, psnr: rand() < 0.02 ? null : psnr, ssim: 0.5 + 0.5 * rand() });
    }
  }
  const datasets: DatasetFacts[] = [{ id: 1, name: 'synthetic', kind: 'synthetic', sourcePath: '-', importedAt: '2026-01-01T00:00:00Z' }];
  // The labels go through the real fold, as events of one dataset source.
  const fold = new LabelFold();
  let eventId = 0;
  const events = (rows: { segmentId: number; value: string; present: number; source: string }[]): void => {
    eventId += rows.length;
    fold.apply({ segmentIds: rows.map((r) => r.segmentId), values: rows.map((r) => r.value), present: rows.map((r) => r.present), sources: rows.map((r) => r.source), lastId: eventId });
  };
  events(segments.map((s) => ({ segmentId: s.id, value: s.datasetLabels[0], present: 1, source: 'dataset:synthetic' })));
  const annotator = new Map<number, AnnotatorLabel>();
  const ssim = new Map(segments.map((s) => [s.id, s.ssim]));
  const index = new SegmentIndex({
    segments: columns,
    records: recordFacts,
    datasets,
    labels: fold,
    psnr: { segmentIds: segments.filter((s) => s.psnr !== null).map((s) => s.id), psnr: segments.filter((s) => s.psnr !== null).map((s) => s.psnr as number) },
    metrics: { all: () => ssim, some: (_c, ids) => new Map(ids.map((id) => [id, ssim.get(id) ?? null])) },
    modelId: 'm',
  });
  return {
    segments,
    index,
    setAnnotatorLabel(segmentId, label) {
      const previous = annotator.get(segmentId);
      if (previous) {
        events([{ segmentId, value: previous.value, present: 0, source: `annotator:${previous.annotator}` }]);
        annotator.delete(segmentId);
      }
      if (label !== null) {
        events([{ segmentId, value: label.value, present: 1, source: `annotator:${label.annotator}` }]);
        annotator.set(segmentId, label);
      }
      index.refreshLabels([segmentId]);
    },
  };
}
