/**
 * The Electron build runs the superlet pool on the compiled `out/main/superlet-worker.js` (no
 * TypeScript sources or tsx in a packaged app). Builds the app when stale, then checks that a pool
 * pointed at the compiled worker gives exactly what `superlet()` gives in this thread, and that the
 * main and job-worker bundles point their pools at it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { superlet } from '../../src-main/engine/dsp/superlet';
import { SuperletPool, useCompiledSuperletWorker } from '../../src-main/engine/workers/superlet-pool';
import { ensureAppBuilt } from '../app-build';

const OUT_MAIN = resolve(import.meta.dirname, '../../out/main');

describe('compiled superlet worker', () => {
  beforeAll(() => ensureAppBuilt(), 300_000);

  it('computes the same scalograms as the TypeScript engine', async () => {
    useCompiledSuperletWorker(pathToFileURL(join(OUT_MAIN, 'superlet-worker.js')));
    const fsHz = 100;
    const leads = [0, 1].map((k) => Float64Array.from({ length: 1000 }, (_, i) => Math.sin((2 * Math.PI * (5 + 7 * k) * i) / fsHz) + 0.1 * Math.cos(i / 7)));
    const pool = new SuperletPool(1);
    try {
      const pooled = await pool.superletMany(leads, fsHz);
      leads.forEach((lead, k) => expect(Array.from(pooled[k])).toEqual(Array.from(superlet(lead, fsHz))));
      // Errors cross the thread boundary with their class, as with the TypeScript worker.
      await expect(pool.superletMany([[1, 2, Number.NaN]], fsHz)).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });

  it('is the worker the Electron main and job worker use', () => {
    for (const entry of ['index.js', 'job-worker.js']) {
      expect(readFileSync(join(OUT_MAIN, entry), 'utf8'), entry).toContain('superlet-worker.js');
    }
  });
});
