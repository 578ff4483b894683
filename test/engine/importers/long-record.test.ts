/**
 * Importing a long recording streams it: a 2-h two-lead record (MIT-BIH 100 tiled, scripts/make-long-record.ts)
 * gets the content hash of its whole samples (as the in-memory path computes it) and per-lead 1-s
 * min/max envelopes equal to a direct computation over the samples; a re-import finds it unchanged.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordOverviews } from '../../../src-main/engine/db/overview-repo';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { listRecords } from '../../../src-main/engine/db/records-repo';
import { recordContentHash } from '../../../src-main/engine/importers/common';
import { importFiles } from '../../../src-main/engine/importers/files';
import { loadRecords } from '../../../src-main/engine/io/load';
import { writeLongRecord } from '../../../scripts/make-long-record';
import { tempDir } from '../db/helpers';

const t = tempDir();
afterAll(() => t.cleanup());

describe('import of a long record', () => {
  it('hash of every sample and 1-s envelopes per lead, in one streamed pass', async () => {
    const made = writeLongRecord({ dir: join(t.dir, 'rec'), hours: 2 });
    const project = ProjectDb.open(join(t.dir, 'p.sqlite'));
    const summary = await importFiles(project, made.header);
    expect(summary).toMatchObject({ inserted: 1, segments: 2 * 720 });
    const [row] = listRecords(project.db);
    const whole = loadRecords(made.header)[0];
    expect(row.contentHash).toBe(recordContentHash(whole));
    const overviews = recordOverviews(project.db, row.id);
    expect(overviews.map((o) => [o.leadIndex, o.bucketSamples, o.mins.length])).toEqual([[0, 360, 7200], [1, 360, 7200]]);
    for (const o of overviews) {
      for (const bucket of [0, 1799, 1800, 7199]) {
        const span = whole.signals[o.leadIndex].subarray(bucket * 360, (bucket + 1) * 360);
        expect(o.mins[bucket]).toBe(Math.fround(Math.min(...span)));
        expect(o.maxs[bucket]).toBe(Math.fround(Math.max(...span)));
      }
    }
    expect(await importFiles(project, made.header)).toMatchObject({ inserted: 0, unchanged: 1 });
    project.close();
  });
});
