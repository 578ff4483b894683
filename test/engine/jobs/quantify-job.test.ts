/**
 * The quantify job's bookkeeping (resume, limit, shards, no duplicates) with a stand-in scorer whose
 * PSNR is a pure function of the segment's samples (sum of squares), on 6 records of the PTB-XL
 * subset; and, with the tiny exported model of test/fixtures/tiny-model, how a record with invalid
 * (NaN) samples is scored and reported.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectDb, THRESHOLD_SETTING } from '../../../src-main/engine/db/project-db';
import { importFiles } from '../../../src-main/engine/importers/files';
import { importNpzSubset } from '../../../src-main/engine/importers/npz-subset';
import { NoiseScorer } from '../../../src-main/engine/inference/scorer';
import { releaseAllSessions } from '../../../src-main/engine/inference/session';
import { JobCancelledError } from '../../../src-main/engine/errors';
import { batchScorer, run, type BatchChunk, type BatchScorer } from '../../../src-main/engine/jobs/quantify.job';
import type { SignalSource } from '../../../src-main/engine/types';
import { closeSharedSuperletPool } from '../../../src-main/engine/workers/superlet-pool';
import { writeGapRecord } from '../../helpers/invalid-samples';
import { tempDir } from '../db/helpers';

const NPZ = join(__dirname, '../../../../shared/data/ptbxl/ptbxl_subset_100hz.npz');
const t = tempDir();

/** Scores of the fake: window 0 of each wanted lead (the subset's records are one window). */
function fakeScores(source: SignalSource, opts: { leads?: number[]; wanted?: (lead: number, window: number) => boolean }) {
  const leads = (opts.leads ?? source.info.leadNames.map((_, i) => i)).filter((lead) => opts.wanted?.(lead, 0) ?? true);
  const signals = source.read(0, source.info.nSamples, leads);
  return leads.map((leadIndex, k) => {
    const energy = signals[k].reduce((a, v) => a + v * v, 0);
    const sqi = { basSqi: 1, kSqi: energy, sSqi: -leadIndex, pSqi: 0.5, hfSqi: Number.NaN, burstSqi: 2 };
    return { leadIndex, segmentIndex: 0, psnr: energy, ssim: 0, mse: 0, mae: 0, localPsnr: [energy], sqi, provenance: { provider: 'cpu' } };
  });
}

const fakeScorer: BatchScorer = {
  spec: { name: 'fake', sha256: 'f'.repeat(64), defaultT: 30, defaultStepInterval: 10 },
  async *scoreChunks(source, opts): AsyncGenerator<BatchChunk> {
    yield { scores: fakeScores(source, opts), skipped: [], endS: 10 };
  },
};

function scoreTable(path: string): string[] {
  const p = ProjectDb.open(path, { readonly: true });
  const rows = p.db
    .prepare('SELECT segment_id, psnr, t, step_interval FROM scores ORDER BY segment_id')
    .all() as { segment_id: number; psnr: number }[];
  p.close();
  return rows.map((r) => JSON.stringify(r));
}

beforeAll(async () => {
  for (const name of ['a.sqlite', 'b.sqlite']) {
    const p = ProjectDb.open(join(t.dir, name));
    await importNpzSubset(p, NPZ, { limit: 6 });
    p.close();
  }
});
afterAll(async () => {
  t.cleanup();
  await closeSharedSuperletPool();
  await releaseAllSessions();
});

describe('quantify job', () => {
  it('resumes after a partial run and ends equal to an uninterrupted run', async () => {
    const a = join(t.dir, 'a.sqlite');
    const b = join(t.dir, 'b.sqlite');
    const seenByReader: number[] = [];
    const reader = ProjectDb.open(a, { readonly: true });
    const full = await run({ dbPath: a, scorer: fakeScorer }, (p) => {
      // A second connection reads while the job's connection is open and writing chunk by chunk
      // (each one-window record: one report after its chunk, one after the record).
      seenByReader.push(reader.summary().counts.scores);
      expect(seenByReader.at(-1)).toBe(p.segmentsDone);
    });
    reader.close();
    expect(seenByReader).toEqual([12, 12, 24, 24, 36, 36, 48, 48, 60, 60, 72, 72]);
    expect(full).toMatchObject({ recordsScored: 6, segmentsScored: 72, segmentsPending: 0, failed: [] });
    expect(full.params).toMatchObject({ t: 30, stepInterval: 10, scheduler: 'ddim', seed: 0 });

    const part = await run({ dbPath: b, scorer: fakeScorer, limit: 20 });
    expect(part).toMatchObject({ recordsScored: 2, segmentsScored: 24, segmentsPending: 48 });
    const rest = await run({ dbPath: b, scorer: fakeScorer });
    expect(rest).toMatchObject({ recordsScored: 4, segmentsScored: 48, segmentsPending: 0 });
    expect(scoreTable(b)).toEqual(scoreTable(a));
    const again = await run({ dbPath: b, scorer: fakeScorer });
    expect(again.segmentsScored).toBe(0);
    // each scored segment's SQIs are stored with its score (NaN as NULL), the same after a resumed run
    const sqiTable = (path: string): unknown[] => {
      const p = ProjectDb.open(path, { readonly: true });
      const rows = p.db.prepare('SELECT segment_id, bas_sqi, k_sqi, s_sqi, p_sqi, hf_sqi, burst_sqi FROM segment_sqis ORDER BY segment_id').all();
      p.close();
      return rows;
    };
    expect(sqiTable(a)).toHaveLength(72);
    expect(sqiTable(b)).toEqual(sqiTable(a));
    expect(sqiTable(a)[1]).toMatchObject({ bas_sqi: 1, s_sqi: -1, hf_sqi: null, burst_sqi: 2 });
    expect(scoreTable(b)).toHaveLength(72);
  });

  it('other parameters are separate work; shards partition it', async () => {
    const a = join(t.dir, 'a.sqlite');
    const shardCounts: number[] = [];
    for (const k of [1, 2]) {
      const s = await run({ dbPath: a, scorer: fakeScorer, t: 10, shard: [k, 2] });
      shardCounts.push(s.recordsScored);
    }
    expect(shardCounts[0] + shardCounts[1]).toBe(6);
    expect(scoreTable(a)).toHaveLength(144);
    await expect(run({ dbPath: a, scorer: fakeScorer, shard: [3, 2] })).rejects.toThrow(/shard/);
  });

  it('--where restricts the work to matching segments and scores only those leads', async () => {
    const b = join(t.dir, 'b.sqlite');
    const lead = await run({ dbPath: b, scorer: fakeScorer, seed: 3, where: { leadName: 'II' } });
    expect(lead).toMatchObject({ recordsScored: 6, segmentsScored: 6, segmentsPending: 0 });
    const p = ProjectDb.open(b, { readonly: true });
    const clean = (p.db.prepare("SELECT COUNT(*) AS n FROM current_labels WHERE value = 'clean'").get() as { n: number }).n;
    p.close();
    const cleanRun = await run({ dbPath: b, scorer: fakeScorer, seed: 3, where: { label: 'clean' } });
    expect(cleanRun.segmentsPending).toBe(0);
    const rest = await run({ dbPath: b, scorer: fakeScorer, seed: 3 });
    expect(lead.segmentsScored + cleanRun.segmentsScored + rest.segmentsScored).toBe(72);
    expect(clean).toBeGreaterThan(0);
  });

  it("a project without a threshold takes the scoring model's calibrated one; a stored threshold is kept", async () => {
    const path = join(t.dir, 'calibrated.sqlite');
    const p = ProjectDb.open(path);
    await importNpzSubset(p, NPZ, { limit: 2 });
    p.close();
    const stored = (): string | null => {
      const db = ProjectDb.open(path, { readonly: true });
      const value = db.getSetting(THRESHOLD_SETTING);
      db.close();
      return value;
    };
    await run({ dbPath: path, scorer: fakeScorer, limit: 12 });
    expect(stored()).toBeNull(); // no calibrated threshold: nothing stored, the paper's 24 dB applies
    await run({ dbPath: path, scorer: { ...fakeScorer, calibratedThresholdDb: 27.7428 }, seed: 1, limit: 12 });
    expect(stored()).toBe('27.74');
    await run({ dbPath: path, scorer: { ...fakeScorer, calibratedThresholdDb: 25 }, seed: 2, limit: 12 });
    expect(stored()).toBe('27.74');
  });

  it('stops on abort with finished records kept', async () => {
    const b = join(t.dir, 'b.sqlite');
    const ctrl = new AbortController();
    await expect(
      run({ dbPath: b, scorer: fakeScorer, seed: 7 }, (p) => {
        if (p.recordsDone === 1) {
          ctrl.abort();
        }
      }, ctrl.signal),
    ).rejects.toThrow(/cancelled/);
    const p = ProjectDb.open(b, { readonly: true });
    expect((p.db.prepare('SELECT COUNT(*) AS n FROM scores WHERE seed = 7').get() as { n: number }).n).toBe(12);
    p.close();
  });

  it('windows the scorer skips for invalid samples are reported in failed, the rest of the record is stored', async () => {
    const b = join(t.dir, 'b.sqlite');
    // Stand-in for NoiseScorer's NaN handling: lead II of every record is "mostly NaN" and skipped.
    const skippingScorer: BatchScorer = {
      spec: fakeScorer.spec,
      async *scoreChunks(source, opts) {
        const skipped = [{ leadName: 'II', segmentIndex: 0, reason: `${source.info.name}: lead II window 0 (0–10 s) has 40.0 % invalid samples` }];
        yield { scores: fakeScores(source, opts).filter((s) => s.leadIndex !== 1), skipped, endS: 10 };
      },
    };
    const s = await run({ dbPath: b, scorer: skippingScorer, seed: 11 });
    expect(s).toMatchObject({ recordsScored: 6, segmentsScored: 66, skippedForInvalidSamples: 6, segmentsPending: 6 });
    expect(s.failed).toHaveLength(6);
    expect(s.failed[0].record).toMatch(/^ptbxl[^ ]*\/\S+ lead II window 0$/);
    expect(s.failed[0].reason).toMatch(/lead II window 0 .*40\.0 % invalid samples/);
    // no score row for the skipped windows: they stay pending, and a rerun (only lead II is pending) reports them again
    const again = await run({ dbPath: b, scorer: skippingScorer, seed: 11 });
    expect(again.failed.map((f) => f.record)).toEqual(s.failed.map((f) => f.record));
    expect(again).toMatchObject({ segmentsScored: 0, segmentsPending: 6 });
  });

  it('real scorer: a record with NaN runs stores the valid windows and reports the skipped lead and window', async () => {
    const folder = join(t.dir, 'gaps');
    mkdirSync(folder);
    writeGapRecord(folder); // lead I: 40 invalid in window 0, lead II: 20 % of window 1, lead III: none valid
    const dbPath = join(t.dir, 'gaps.sqlite');
    const p = ProjectDb.open(dbPath);
    await importFiles(p, folder);
    p.close();
    const scorer = await NoiseScorer.load(join(__dirname, '../../fixtures/tiny-model'), { device: 'cpu' });
    const s = await run({ dbPath, scorer });
    expect(s).toMatchObject({ recordsScored: 1, segmentsScored: 5, segmentsPending: 4, skippedForInvalidSamples: 2 });
    expect(s.failed).toEqual([
      {
        record: 'gaps/gap.hea lead II window 1',
        reason: `${join(folder, 'gap.hea')}: lead II window 1 (10–20 s) has 20.0 % invalid samples (1000 of 5000), above the 10.0 % limit; not scored`,
      },
      { record: 'gaps/gap.hea lead III', reason: `${join(folder, 'gap.hea')}: lead III has no valid samples; not scored` },
    ]);
    const reader = ProjectDb.open(dbPath, { readonly: true });
    const stored = reader.db
      .prepare('SELECT g.lead_index AS lead, g.segment_index AS seg, s.psnr FROM scores s JOIN segments g ON g.id = s.segment_id ORDER BY lead, seg')
      .all() as { lead: number; seg: number; psnr: number }[];
    reader.close();
    expect(stored.map((r) => [r.lead, r.seg])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 2]]);
    expect(stored.every((r) => Number.isFinite(r.psnr))).toBe(true);
    // a looser limit scores the 20 % window on the next run; the all-NaN lead stays reported
    const loose = await run({ dbPath, scorer, maxInvalidFraction: 0.25 });
    expect(loose).toMatchObject({ segmentsScored: 1, segmentsPending: 3, skippedForInvalidSamples: 1 });
    expect(loose.failed.map((f) => f.record)).toEqual(['gaps/gap.hea lead III']);
  });

  it('resumes inside a record: a run killed after its first 10-min chunk scores only the rest, and ends bit-identical', async () => {
    // MIT-BIH 100 (30 min 6 s): chunks of windows 0–59, 60–119, 120–179 and the trailing window 180.
    const copies = ['whole', 'killed'].map((name) => join(t.dir, `mitdb-${name}.sqlite`));
    for (const path of copies) {
      const p = ProjectDb.open(path);
      await importFiles(p, join(__dirname, '../../../../shared/data/mitdb/100.hea'));
      p.close();
    }
    const noise = await NoiseScorer.load(join(__dirname, '../../fixtures/tiny-model'), { device: 'cpu', threads: 1 });
    const chunkEnds: number[] = [];
    const counting: BatchScorer = {
      spec: noise.spec,
      async *scoreChunks(source, opts) {
        for await (const chunk of batchScorer(noise).scoreChunks(source, opts)) {
          chunkEnds.push(chunk.endS);
          yield chunk;
        }
      },
    };
    const where = { leadName: 'MLII' };
    const whole = await run({ dbPath: copies[0], scorer: counting, where });
    expect(whole).toMatchObject({ segmentsScored: 181, segmentsPending: 0 });
    expect(chunkEnds).toEqual([600, 1200, 1800, 1805.56]);

    chunkEnds.length = 0;
    const controller = new AbortController();
    const killed = run({ dbPath: copies[1], scorer: counting, where }, () => controller.abort(), controller.signal);
    await expect(killed).rejects.toBeInstanceOf(JobCancelledError);
    expect(scoreTable(copies[1])).toHaveLength(60); // the first chunk was committed before the kill

    chunkEnds.length = 0;
    const resumed = await run({ dbPath: copies[1], scorer: counting, where });
    expect(resumed).toMatchObject({ segmentsScored: 121, segmentsPending: 0 });
    expect(chunkEnds).toEqual([1200, 1800, 1805.56]); // the first 10 min were neither read nor scored again
    expect(scoreTable(copies[1])).toEqual(scoreTable(copies[0]));
    noise.close();
  });
});
