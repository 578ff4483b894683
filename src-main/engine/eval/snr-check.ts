/**
 * Synthetic check with real noise: NSTDB baseline wander (bw) and muscle artefact (ma) added to
 * clean fold-N leads of the PTB-XL subset at known SNRs, scored by the model. PSNR should fall as
 * SNR falls.
 *
 * Preprocessing decision: the subset's leads are already band-passed and z-scored. The mix
 * `clean + g·noise` goes through the model's input contract exactly like every subset lead in
 * `ecgnq eval --subset` (the scorer band-passes and z-scores what it is given), so the clean
 * reference and the mixes are processed identically and comparable with the eval. Consequence:
 * the contract's 0.5–40 Hz band-pass removes part of the added noise (most of bw lies below
 * 0.5 Hz), so next to the nominal SNR (defined as NSTDB does, on the unfiltered clean lead and
 * added segment) the result reports the in-band SNR after that band-pass.
 *
 * Determinism: clean leads are spread evenly over the fold's clean leads (file order); each lead
 * gets one noise segment per noise type (start from {@link noiseOffsets} with the noise seed,
 * channel alternating 0/1 by lead), reused at every SNR level so only the gain changes. Each mix
 * is scored like any segment: its diffusion noise is keyed by its own image.
 */
import { basename, join } from 'node:path';
import { DspParamError, JobCancelledError } from '../errors';
import { bandpassZeroPhase } from '../dsp/filter';
import { resampleToRate } from '../dsp/resample';
import { readSubsetArrays, subsetRecord } from '../importers/npz-subset';
import { loadRecords } from '../io/load';
import { prepareSegments } from '../inference/preprocess';
import type { ImageItem, NoiseScorer } from '../inference/scorer';
import { scalogramImages } from '../inference/superlet-images';
import { median, mixAtSnr, noiseOffsets, snrDb, spearman } from './snr';
import { selectSubsetLeads } from './subset-eval';
import type { SamplingParams } from '../../../src-shared/types';

/** The paper-style SNR levels, dB. */
export const DEFAULT_SNR_LEVELS_DB = [24, 18, 12, 6, 0, -6];

/** NSTDB noise records used. */
export const NSTDB_NOISE_TYPES = ['bw', 'ma'] as const;

/** Options of {@link runSnrCheck}. */
export interface SnrCheckOptions extends Partial<SamplingParams> {
  /** Folder with ptbxl_subset_100hz.npz + ptbxl_subset.csv. */
  subsetDir: string;
  /** Folder with the NSTDB records bw.hea/.dat, ma.hea/.dat. */
  nstdbDir: string;
  fold?: number;
  /** Clean leads to corrupt (default 24). */
  nLeads?: number;
  snrLevelsDb?: number[];
  noiseTypes?: string[];
  /** Seed of the noise segment offsets (default 0). */
  noiseSeed?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** One scored mix (or the clean lead itself, snrDb = +Infinity). */
export interface SnrPoint {
  ecgId: number;
  leadIndex: number;
  noiseType: string;
  /** Nominal SNR (NSTDB definition); +Infinity for the clean lead. */
  snrDb: number;
  /** SNR after the input contract's band-pass (clean and added noise filtered alike). */
  inBandSnrDb: number;
  psnr: number;
}

/** Median row per noise type and level. */
export interface SnrRow {
  noiseType: string;
  snrDb: number;
  n: number;
  medianPsnr: number | null;
  medianInBandSnrDb: number | null;
}

/** Result of {@link runSnrCheck}. */
export interface SnrCheckResult {
  nLeads: number;
  levelsDb: number[];
  noiseTypes: string[];
  /** Median PSNR of the clean leads themselves. */
  cleanMedianPsnr: number | null;
  rows: SnrRow[];
  /** Spearman ρ between nominal SNR and PSNR over all mixes of a noise type (ties: average ranks). */
  spearman: Record<string, number>;
  /** The same over both noise types together. */
  spearmanAll: number;
  points: SnrPoint[];
  /** Where each lead's noise came from: record, channel, start sample at the model rate. */
  segments: Array<{ ecgId: number; leadIndex: number; noiseType: string; channel: number; startSample: number }>;
}

/**
 * Reads an NSTDB noise record (WFDB) and resamples both channels to `fsHz`.
 * @throws EcgFormatError for an unreadable record.
 */
export function loadNoiseChannels(nstdbDir: string, noiseType: string, fsHz: number): Float64Array[] {
  const [record] = loadRecords(join(nstdbDir, `${noiseType}.hea`));
  return record.signals.map((s) => (record.fsHz === fsHz ? Float64Array.from(s) : resampleToRate(s, record.fsHz as number, fsHz)));
}

/** Evenly spread picks of `count` items out of `total` (deterministic, file order). */
function spread(total: number, count: number): number[] {
  const n = Math.min(total, count);
  return Array.from({ length: n }, (_, i) => Math.floor((i * total) / n));
}

/**
 * Runs the check with `scorer`. Scores all mixes of a lead in one batch.
 * @throws DspParamError when the fold has no clean leads or a noise record is shorter than a
 *   segment; JobCancelledError when `signal` aborts.
 */
export async function runSnrCheck(scorer: NoiseScorer, options: SnrCheckOptions): Promise<SnrCheckResult> {
  const fold = options.fold ?? 9;
  const levels = options.snrLevelsDb ?? DEFAULT_SNR_LEVELS_DB;
  const types = options.noiseTypes ?? [...NSTDB_NOISE_TYPES];
  const contract = scorer.spec.inputContract;
  const npz = join(options.subsetDir, 'ptbxl_subset_100hz.npz');
  const arrays = readSubsetArrays(npz);
  const stem = basename(npz).replace(/\.npz$/i, '');
  const selection = selectSubsetLeads(options.subsetDir, fold);
  const clean: Array<{ recordIndex: number; lead: number }> = [];
  for (const [recordIndex, leadGroups] of selection.leads) {
    for (const [lead, groups] of [...leadGroups].sort((a, b) => a[0] - b[0])) {
      if (groups.includes('clean')) {
        clean.push({ recordIndex, lead });
      }
    }
  }
  if (clean.length === 0) {
    throw new DspParamError(`fold ${fold} of ${npz} has no clean leads`);
  }
  const chosen = spread(clean.length, options.nLeads ?? 24).map((i) => clean[i]);
  const noise = new Map(types.map((type) => [type, loadNoiseChannels(options.nstdbDir, type, arrays.fsHz)]));
  const segmentLength = arrays.signals.shape[2];
  const offsets = new Map(
    types.map((type, k) => {
      const shortest = Math.min(...(noise.get(type) as Float64Array[]).map((c) => c.length));
      if (shortest < segmentLength) {
        throw new DspParamError(`NSTDB ${type} has ${shortest} samples at ${arrays.fsHz} Hz, fewer than one segment (${segmentLength})`);
      }
      return [type, noiseOffsets((options.noiseSeed ?? 0) * 2 + k, chosen.length, shortest - segmentLength)];
    }),
  );
  const band = (x: Float64Array): Float64Array =>
    contract.bandpassHz ? bandpassZeroPhase(x, arrays.fsHz, contract.bandpassHz[0], contract.bandpassHz[1]) : x;
  const points: SnrPoint[] = [];
  const segments: SnrCheckResult['segments'] = [];
  for (let i = 0; i < chosen.length; i++) {
    if (options.signal?.aborted) {
      throw new JobCancelledError('SNR check cancelled');
    }
    const { recordIndex, lead } = chosen[i];
    const record = subsetRecord(arrays, recordIndex);
    const cleanLead = record.signals[lead];
    const cleanBand = band(cleanLead);
    const ecgId = arrays.ecgIds[recordIndex];
    const pending: Array<{ point: Omit<SnrPoint, 'psnr'>; signal: Float64Array }> = [
      { point: { ecgId, leadIndex: lead, noiseType: 'none', snrDb: Infinity, inBandSnrDb: Infinity }, signal: cleanLead },
    ];
    for (const type of types) {
      const channel = i % (noise.get(type) as Float64Array[]).length;
      const start = (offsets.get(type) as number[])[i];
      segments.push({ ecgId, leadIndex: lead, noiseType: type, channel, startSample: start });
      const segment = (noise.get(type) as Float64Array[])[channel].subarray(start, start + segmentLength);
      for (const level of levels) {
        const { mix, addedNoise } = mixAtSnr(cleanLead, segment, level);
        pending.push({ point: { ecgId, leadIndex: lead, noiseType: type, snrDb: level, inBandSnrDb: snrDb(cleanBand, band(addedNoise)) }, signal: mix });
      }
    }
    const windows = pending.map((p) => {
      const rec = { ...record, signals: record.signals.map((s, j) => (j === lead ? p.signal : s)) };
      const [prepared] = prepareSegments(rec, contract, { leads: [lead] });
      return prepared;
    });
    const images = await scalogramImages(windows.map((w) => w.signal), contract.fsHz, scorer.superletRunner);
    const items: ImageItem[] = images.map((image, k) => ({
      key: { recordId: `${stem}/${ecgId}`, leadIndex: lead, segmentIndex: windows[k].segmentIndex },
      image,
      validColumns: windows[k].validColumns,
    }));
    const scores = await scorer.scoreImages(items, { t: options.t, stepInterval: options.stepInterval, scheduler: options.scheduler, seed: options.seed });
    pending.forEach((p, k) => points.push({ ...p.point, psnr: scores[k].psnr }));
    options.onProgress?.(i + 1, chosen.length);
  }
  return summarise(points, levels, types, chosen.length, segments);
}

/** Medians per (noise type, level) and Spearman ρ from scored points. */
export function summarise(points: SnrPoint[], levels: number[], types: string[], nLeads: number, segments: SnrCheckResult['segments'] = []): SnrCheckResult {
  const rows: SnrRow[] = [];
  for (const type of types) {
    for (const level of levels) {
      const at = points.filter((p) => p.noiseType === type && p.snrDb === level);
      rows.push({ noiseType: type, snrDb: level, n: at.length, medianPsnr: median(at.map((p) => p.psnr)), medianInBandSnrDb: median(at.map((p) => p.inBandSnrDb)) });
    }
  }
  const mixes = points.filter((p) => p.noiseType !== 'none');
  const rho = (ps: SnrPoint[]): number => (ps.length >= 2 ? spearman(ps.map((p) => p.snrDb), ps.map((p) => p.psnr)) : Number.NaN);
  return {
    nLeads,
    levelsDb: levels,
    noiseTypes: types,
    cleanMedianPsnr: median(points.filter((p) => p.noiseType === 'none').map((p) => p.psnr)),
    rows,
    spearman: Object.fromEntries(types.map((type) => [type, rho(mixes.filter((p) => p.noiseType === type))])),
    spearmanAll: rho(mixes),
    points,
    segments,
  };
}

/** Plain-text table: one line per SNR level, median PSNR (and in-band SNR) per noise type. */
export function formatSnrTable(result: SnrCheckResult): string {
  const header = ['SNR_dB', ...result.noiseTypes.flatMap((t) => [`${t}_median_PSNR_dB`, `${t}_inband_SNR_dB`])];
  const f = (v: number | null): string => (v === null ? '—' : v.toFixed(2));
  const body = result.levelsDb.map((level) => [
    String(level),
    ...result.noiseTypes.flatMap((t) => {
      const row = result.rows.find((r) => r.noiseType === t && r.snrDb === level);
      return [f(row?.medianPsnr ?? null), f(row?.medianInBandSnrDb ?? null)];
    }),
  ]);
  body.unshift(['clean', ...result.noiseTypes.flatMap(() => [f(result.cleanMedianPsnr), '∞'])]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((l) => l[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const rhos = result.noiseTypes.map((t) => `${t} ${result.spearman[t].toFixed(3)}`).join(', ');
  return [line(header), ...body.map(line), `Spearman ρ(SNR, PSNR) over ${result.nLeads} leads: ${rhos}; all ${result.spearmanAll.toFixed(3)}`].join('\n');
}
