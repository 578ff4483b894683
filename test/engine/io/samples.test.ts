/**
 * The bundled demo records (resources/samples, built by resources/samples/make_samples.py) load, and equal the
 * shared originals they came from: HR06003.edf vs ../shared/data/ptbxl/raw-wfdb/HR06003 (both decode the same
 * int16 ADC values / 1000 adu/mV), mitdb100_20s vs the first 7200 frames of ../shared/data/mitdb/100.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecords } from '../../../src-main/engine/io/load';

const SAMPLES = join(__dirname, '../../../resources/samples');
const SHARED = join(__dirname, '../../../../shared/data');

describe('resources/samples', () => {
  it('every sample loads as ≥ 10 s of ECG in mV with a sampling rate', () => {
    for (const f of ['HR06000.hea', 'HR06007.hea', 'HR06003.edf', 'mitdb100_20s.hea']) {
      const [r] = loadRecords(join(SAMPLES, f));
      expect(r.unitsKnown, f).toBe(true);
      expect(r.fsHz, f).not.toBeNull();
      expect(r.signals[0].length / r.fsHz!, f).toBeGreaterThanOrEqual(10);
    }
    const [mit] = loadRecords(join(SAMPLES, 'mitdb100_20s.hea'));
    expect(mit.metadata.checksumMatches).toBe(true); // checksums recomputed by make_samples.py
  });

  it.runIf(existsSync(join(SHARED, 'ptbxl/raw-wfdb/HR06003.hea')))('HR06003.edf equals the WFDB original', () => {
    const [edf] = loadRecords(join(SAMPLES, 'HR06003.edf'));
    const [wfdb] = loadRecords(join(SHARED, 'ptbxl/raw-wfdb/HR06003.hea'));
    expect(edf.leadNames).toEqual(wfdb.leadNames);
    let maxDiff = 0;
    edf.signals.forEach((s, l) => s.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - wfdb.signals[l][i])))));
    expect(maxDiff).toBeLessThan(1e-9); // EDF: (d + 32768)·65.535/65535 − 32.768 = d/1000 up to rounding
  });

  it.runIf(existsSync(join(SHARED, 'mitdb/100.hea')))('mitdb100_20s equals the start of MIT-BIH 100', () => {
    const [cut] = loadRecords(join(SAMPLES, 'mitdb100_20s.hea'));
    const [full] = loadRecords(join(SHARED, 'mitdb/100.hea'));
    expect(cut.fsHz).toBe(360);
    for (let l = 0; l < 2; l++) {expect(cut.signals[l]).toEqual(full.signals[l].subarray(0, 7200));}
  });
});
