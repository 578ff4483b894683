/**
 * npz-subset importer on the first 20 records of ../shared/data/ptbxl/ptbxl_subset_100hz.npz +
 * ptbxl_subset.csv. Expected labels are read from the CSV itself (the paper's lists), counts from
 * the NPZ shape (12 leads × 1 window of 1000 samples at 100 Hz per record).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { importNpzSubset } from '../../../src-main/engine/importers/npz-subset';
import { parseIndexList } from '../../../src-main/engine/importers/ptbxl-labels';
import { labelledSegments, useTempProject } from '../db/helpers';

const NPZ = join(__dirname, '../../../../shared/data/ptbxl/ptbxl_subset_100hz.npz');
const CSV = join(__dirname, '../../../../shared/data/ptbxl/ptbxl_subset.csv');
const ctx = useTempProject();

describe('importNpzSubset', () => {
  it('imports records, segments and per-lead labels, and a re-import adds nothing', async () => {
    const first = await importNpzSubset(ctx.project, NPZ, { limit: 20 });
    expect(first).toMatchObject({ recordsSeen: 20, inserted: 20, unchanged: 0, segments: 240, skipped: [] });
    expect(first.labelEvents).toBeGreaterThanOrEqual(240);
    const again = await importNpzSubset(ctx.project, NPZ, { limit: 20 });
    expect(again).toMatchObject({ inserted: 0, unchanged: 20, segments: 0, labelEvents: 0 });
    expect(ctx.project.summary().counts).toMatchObject({ records: 20, segments: 240, labelEvents: first.labelEvents });

    const rows = parse(readFileSync(CSV), { columns: true }) as Record<string, string>[];
    const noisyRow = rows.slice(0, 20).find((r) => r.clean !== '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]');
    expect(noisyRow, 'the first 20 records include noisy ones (ecg_id 195, 237, 242)').toBeDefined();
    const row = noisyRow as Record<string, string>;
    const rec = labelledSegments(ctx.project.db, 'dataset:ptbxl_subset_100hz', { recordKey: row.ecg_id });
    expect(rec).toHaveLength(12);
    for (const seg of rec) {
      const want = ['baseline_drift', 'static_noise', 'burst_noise', 'electrodes_problems', 'clean']
        .filter((col) => parseIndexList(row[col]).includes(seg.leadIndex))
        .sort();
      expect(seg.labels, `${row.ecg_id} lead ${seg.leadIndex}`).toEqual(want);
      expect(seg.endS).toBe(10);
    }
    const detail = ctx.project.segmentDetail(rec[0].segmentId);
    expect(detail.record.metadata).toMatchObject({ ecg_id: Number(row.ecg_id), strat_fold: Number(row.strat_fold) });
    expect(detail.record).toMatchObject({ fsHz: 100, nSamples: 1000, locator: expect.any(String), format: 'npz-subset' });
  });
});
