/**
 * The record overview (engine/project/record-overview.ts) on a 2-h two-lead record (MIT-BIH 100 tiled):
 * envelopes from the stored 1-s buckets and from the samples agree with a direct min/max over each
 * column's samples; a long record without stored envelopes is scanned once and they are handed back;
 * the PSNR strip groups windows into columns showing the worst one.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanRecord } from '../../../src-main/engine/importers/common';
import { openRecordSources } from '../../../src-main/engine/io/load';
import { type OverviewWindow, recordOverview } from '../../../src-main/engine/project/record-overview';
import { writeLongRecord } from '../../../scripts/make-long-record';
import { tempDir } from '../db/helpers';

const t = tempDir('ecgnq-overview-');
afterAll(() => t.cleanup());

function direct(lead: Float64Array, from: number, to: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < Math.min(to, lead.length); i++) {
    lo = Math.min(lo, lead[i]);
    hi = Math.max(hi, lead[i]);
  }
  return [Math.round(Math.fround(lo) * 1e4) / 1e4, Math.round(Math.fround(hi) * 1e4) / 1e4];
}

describe('recordOverview', () => {
  it('stored and sampled envelopes equal min/max over their columns; strips show the worst window', () => {
    const made = writeLongRecord({ dir: join(t.dir, 'rec'), hours: 2 });
    const [source] = openRecordSources(made.header);
    const lead = source.read(0, source.info.nSamples, [1])[0];
    const windows: OverviewWindow[] = Array.from({ length: 720 }, (_, i) => ({
      segmentId: 1000 + i,
      leadIndex: 1,
      index: i,
      startSample: i * 3600,
      endSample: (i + 1) * 3600,
      psnr: i === 361 ? 5 : i % 3 === 0 ? null : 20 + (i % 7),
    }));
    const stored = scanRecord(source).overviews;
    const whole = recordOverview(source, stored, windows, { pixels: 600 });
    expect(whole.scanned).toBeNull();
    expect(whole.data).toMatchObject({ envelopeFrom: 'stored', startSample: 0, columnSamples: 12 * 360 });
    expect(whole.data.envelopes[1].mins).toHaveLength(600);
    for (const c of [0, 299, 599]) {
      const from = c * 12 * 360;
      expect([whole.data.envelopes[1].mins[c], whole.data.envelopes[1].maxs[c]]).toEqual(direct(lead, from, from + 12 * 360));
    }
    // 720 windows in 600 columns: 1 or 2 windows each, the lower PSNR shown.
    const strip = whole.data.strips[1];
    expect(strip).toHaveLength(600);
    expect(strip.reduce((n, c) => n + c.windows, 0)).toBe(720);
    expect(strip.find((c) => c.segmentId === 1361)?.psnr).toBe(5);
    expect(whole.data.strips[0]).toEqual([]);

    // 5 min at 600 px: half a second per column, from the samples.
    const zoom = recordOverview(source, stored, windows, { startS: 3000, endS: 3300, pixels: 600 });
    expect(zoom.data).toMatchObject({ envelopeFrom: 'samples', startSample: 3000 * 360, columnSamples: 180 });
    expect([zoom.data.envelopes[1].mins[17], zoom.data.envelopes[1].maxs[17]]).toEqual(direct(lead, 3000 * 360 + 17 * 180, 3000 * 360 + 18 * 180));
    expect(zoom.data.strips[1].map((c) => c.segmentId)).toEqual(Array.from({ length: 30 }, (_, i) => 1300 + i));

    // Imported before envelopes were stored: scanned once, handed back, the same as the stored ones.
    const first = recordOverview(source, [], windows, { pixels: 600 });
    expect(first.scanned?.map((o) => o.mins)).toEqual(stored.map((o) => o.mins));
    expect(first.data.envelopes).toEqual(whole.data.envelopes);
    source.close();
  });
});
