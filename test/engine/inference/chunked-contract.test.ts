/**
 * The streamed (chunked) input contract against the whole-record computation (chunkWindows: Infinity,
 * the chain of dsp/filter.ts, dsp/resample.ts, dsp/gaps.ts run over the whole lead, each checked
 * against scipy in test/engine/dsp):
 * - MIT-BIH 100 and 203 (30 min, 360 Hz, 2 leads) in 10-min chunks and in 7-window chunks (26
 *   boundaries per lead), read from memory and streamed from the file;
 * - a 2-h record (MIT-BIH 100 tiled by scripts/make-long-record.ts) at every chunk boundary;
 * - invalid-sample runs across chunk edges and a gap longer than a chunk.
 *
 * Tolerance: every window's model input (z-scored, unit variance) within 1e-9 of the whole-record
 * input, with identical invalid counts, SQIs and skip decisions; the superlet images of the windows
 * at chunk boundaries identical. Why 1e-9: the chunks reach `bandpassMarginSamples` (~36 s) past their
 * windows, where the band-pass's impulse response has fallen below 1e-20 of its peak, so what differs is
 * the recursive filter's rounding (measured ≤ 2e-12, README "Long recordings"); 1e-9 leaves room for other
 * records and rates while staying far below what can move a pixel (an input change of 1e-9 moves the
 * float64 log power by ~1e-9, under the float32 rounding of the scalogram, ~2e-7 at |s| ≈ 4).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareRecordSegments, type PreparedRecord, withImages } from '../../../src-main/engine/inference/preprocess';
import { loadModelSpec, type InputContract } from '../../../src-main/engine/inference/model-spec';
import { loadRecords, openRecordSources } from '../../../src-main/engine/io/load';
import type { EcgRecord } from '../../../src-main/engine/types';
import { closeSharedSuperletPool } from '../../../src-main/engine/workers/superlet-pool';
import { writeLongRecord } from '../../../scripts/make-long-record';
import { tempDir } from '../db/helpers';

const MITDB = join(__dirname, '../../../../shared/data/mitdb');
const TOLERANCE = 1e-9;
const t = tempDir('ecgnq-chunks-');
afterAll(async () => {
  t.cleanup();
  await closeSharedSuperletPool();
});

let contract: InputContract;
async function modelContract(): Promise<InputContract> {
  contract ??= (await loadModelSpec(join(__dirname, '../../../models/default'))).inputContract;
  return contract;
}

/** Largest |Δ| of the model inputs; throws on any other difference. */
function compare(chunked: PreparedRecord, whole: PreparedRecord, what: string): number {
  expect(chunked.skipped.map((s) => s.reason), what).toEqual(whole.skipped.map((s) => s.reason));
  expect(chunked.segments.length, what).toBe(whole.segments.length);
  let worst = 0;
  chunked.segments.forEach((s, i) => {
    const w = whole.segments[i];
    const { signal, ...facts } = s;
    const { signal: wholeSignal, ...wholeFacts } = w;
    expect(facts, `${what} lead ${s.leadIndex} window ${s.segmentIndex}`).toEqual(wholeFacts);
    for (let k = 0; k < signal.length; k++) {
      worst = Math.max(worst, Math.abs(signal[k] - wholeSignal[k]));
    }
  });
  return worst;
}

describe('chunked input contract = whole-record contract', () => {
  it('MIT-BIH 100 and 203: 10-min and 7-window chunks, from memory and streamed from the file', async () => {
    const c = await modelContract();
    for (const name of ['100', '203']) {
      const record = loadRecords(join(MITDB, `${name}.hea`))[0];
      const whole = prepareRecordSegments(record, c, { chunkWindows: Infinity });
      expect(whole.segments).toHaveLength(2 * 181);
      for (const chunkWindows of [60, 7]) {
        const worst = compare(prepareRecordSegments(record, c, { chunkWindows }), whole, `${name} chunks of ${chunkWindows}`);
        console.log(`MIT-BIH ${name}, chunks of ${chunkWindows} windows: model inputs within ${worst.toExponential(2)} of the whole record's`);
        expect(worst).toBeLessThanOrEqual(TOLERANCE);
      }
      const [source] = openRecordSources(join(MITDB, `${name}.hea`));
      const streamed = prepareRecordSegments(source, c);
      source.close();
      // Same reader output, same chunks: the file path is bit-identical to the in-memory one.
      expect(compare(streamed, prepareRecordSegments(record, c), `${name} streamed`)).toBe(0);
    }
  });

  it('a 2-h record: windows on both sides of every chunk boundary, and their images', async () => {
    const c = await modelContract();
    const made = writeLongRecord({ dir: join(t.dir, 'tiled'), hours: 2 });
    const [source] = openRecordSources(made.header);
    // 720 windows: chunk boundaries at 60, 120, … 660, and the tiles' joins (every 180.6 windows).
    const boundary = Array.from({ length: 11 }, (_, k) => 60 * (k + 1)).flatMap((w) => [w - 1, w]);
    const windows = [...new Set([0, 1, 180, 181, 361, 542, 719, ...boundary])];
    const chunked = prepareRecordSegments(source, c, { segments: windows });
    const record: EcgRecord = { ...source.info, signals: source.read(0, source.info.nSamples) };
    source.close();
    const whole = prepareRecordSegments(record, c, { segments: windows, chunkWindows: Infinity });
    expect(chunked.segments).toHaveLength(2 * windows.length);
    const worst = compare(chunked, whole, '2 h');
    console.log(`2-h tiled record, windows at every chunk boundary: model inputs within ${worst.toExponential(2)} of the whole record's`);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    const [a, b] = await Promise.all([withImages(chunked, c), withImages(whole, c)]);
    a.segments.forEach((s, i) => expect(Array.from(s.image), `image of lead ${s.leadIndex} window ${s.segmentIndex}`).toEqual(Array.from(b.segments[i].image)));
  });

  it('invalid runs across chunk edges and a gap longer than a chunk: same fills, counts and skips', async () => {
    const c = await modelContract();
    const base = loadRecords(join(MITDB, '105.hea'))[0];
    const fs = 360;
    const gapped = base.signals.map((lead) => Float64Array.from(lead));
    const blank = (lead: number, fromS: number, toS: number): void => {
      gapped[lead].fill(Number.NaN, Math.round(fromS * fs), Math.round(toS * fs));
    };
    blank(0, 598, 603); // 5 s across the first 10-min boundary
    blank(0, 1150, 1290); // 140 s: longer than the 7-window chunks, across the 20-min boundary
    blank(1, 0, 0.5); // a leading run
    blank(1, 1805, 1805.556); // the trailing samples
    const record: EcgRecord = { ...base, signals: gapped };
    const whole = prepareRecordSegments(record, c, { chunkWindows: Infinity });
    expect(whole.skipped.length).toBeGreaterThan(10); // the long gap's windows are refused
    for (const chunkWindows of [60, 7]) {
      expect(compare(prepareRecordSegments(record, c, { chunkWindows }), whole, `gaps, chunks of ${chunkWindows}`)).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
