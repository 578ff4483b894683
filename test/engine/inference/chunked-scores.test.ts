/**
 * Scores through the chunked input contract against the whole-record computation (chunkWindows:
 * Infinity, one chunk = the pre-streaming chain) with models/default on MIT-BIH 100 and 203 (30 min,
 * 360 Hz, 2 leads): every lead-window around the chunk boundaries of 7-window chunks (every 70 s) and
 * of the default 10-min chunks. Tolerance (issue 14): PSNR within 0.01 dB; measured: identical
 * (the model inputs differ by ≤ 2e-12, below what moves a scalogram pixel, so the images, the noise
 * keyed by them and the scores are the same; see chunked-contract.test.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NoiseScorer } from '../../../src-main/engine/inference/scorer';
import { releaseAllSessions } from '../../../src-main/engine/inference/session';
import { loadRecords } from '../../../src-main/engine/io/load';
import { closeSharedSuperletPool } from '../../../src-main/engine/workers/superlet-pool';

const MITDB = join(__dirname, '../../../../shared/data/mitdb');
const MODEL = join(__dirname, '../../../models/default');
const TOLERANCE_DB = 0.01;
/** Windows across the 7-window chunk edges (7, 14, 21) and the default chunk edge (60). */
const WINDOWS = [...Array.from({ length: 23 }, (_, i) => i), 58, 59, 60, 61, 62];

afterAll(async () => {
  await closeSharedSuperletPool();
  await releaseAllSessions();
});

describe.skipIf(!existsSync(join(MODEL, 'model.json')))('chunked scores = whole-record scores', () => {
  it('MIT-BIH 100 and 203: PSNR of every window around chunk edges within 0.01 dB', async () => {
    const scorer = await NoiseScorer.load(MODEL, { threads: 2, device: 'cpu' });
    try {
      for (const name of ['100', '203']) {
        const record = loadRecords(join(MITDB, `${name}.hea`))[0];
        const whole = await scorer.scoreRecord(record, { segments: WINDOWS, chunkWindows: Infinity });
        expect(whole).toHaveLength(2 * WINDOWS.length);
        for (const chunkWindows of [undefined, 7]) {
          const chunked = await scorer.scoreRecord(record, { segments: WINDOWS, chunkWindows });
          expect(chunked.map((s) => [s.leadIndex, s.segmentIndex])).toEqual(whole.map((s) => [s.leadIndex, s.segmentIndex]));
          const worst = Math.max(...chunked.map((s, i) => Math.abs(s.psnr - whole[i].psnr)));
          console.log(`MIT-BIH ${name}, chunks of ${chunkWindows ?? 60} windows: ${chunked.length} PSNRs within ${worst} dB of the whole record's`);
          expect(worst, `${name}, chunks of ${chunkWindows ?? 'default'}`).toBeLessThanOrEqual(TOLERANCE_DB);
        }
      }
    } finally {
      scorer.close();
    }
  });
});
