/**
 * `openRecordSources` (io/load.ts): WFDB and EDF/EDF+/BDF stream from disk and read exactly what
 * `loadRecords` reads (tolerance 0) with the same record facts; NPY/NPZ/CSV are read whole behind the
 * same interface. EDF files: the pyEDFlib-checked fixtures (edf.test.ts), the bundled EDF+ sample and
 * wfdb-python's EDF file with signals.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecords, openRecordSources } from '../../../src-main/engine/io/load';
import { recordInfo } from '../../../src-main/engine/io/signal-source';

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLES = join(ROOT, '..', 'shared', 'data', 'wfdb-samples', 'sample-data');

const FILES = [
  join(ROOT, 'test/fixtures/edf/ecg_multirate.edf'),
  join(ROOT, 'test/fixtures/edf/ecg_uv.edf'),
  join(ROOT, 'resources/samples/HR06003.edf'),
  join(SAMPLES, 'test_generator_2.edf'),
  join(ROOT, 'resources/samples/HR06000.hea'),
  join(ROOT, 'resources/samples/mitdb100_20s.dat'),
  join(ROOT, '..', 'shared', 'golden', 'superlet_golden_cpu_x64.npz'),
].filter((f) => existsSync(f));

/** Drops what only one side reports: the stream cannot verify whole-signal checksums. */
function comparable(metadata: Record<string, unknown>): Record<string, unknown> {
  const { checksums: _c, checksumMatches: _m, streamed: _s, ...rest } = metadata;
  return rest;
}

describe('openRecordSources', () => {
  it('has the files to compare', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(7);
  });

  it.each(FILES.map((f) => [f.slice(f.lastIndexOf('/') + 1), f] as const))('%s: same facts and samples as loadRecords', (_name, file) => {
    const records = loadRecords(file);
    const sources = openRecordSources(file);
    expect(sources.length).toBe(records.length);
    records.forEach((record, i) => {
      const source = sources[i];
      const { metadata, ...facts } = recordInfo(record);
      const { metadata: streamedMetadata, ...streamedFacts } = source.info;
      expect(streamedFacts).toEqual(facts);
      expect(comparable(streamedMetadata)).toEqual(comparable(metadata));
      const n = source.info.nSamples;
      for (const [a, b] of [[0, n], [Math.floor(n / 3), Math.floor(n / 3) + 7], [n - 5, n], [1, Math.min(n, 2)]]) {
        const got = source.read(a, b);
        record.signals.forEach((lead, c) => expect(Array.from(got[c]), `lead ${c} [${a}, ${b})`).toEqual(Array.from(lead.subarray(a, b))));
      }
      source.close();
    });
  });

  it('names the file when it is missing', () => {
    expect(() => openRecordSources(join(ROOT, 'no/such/file.edf'))).toThrow(/no\/such\/file\.edf: cannot read file/);
    expect(() => openRecordSources(join(ROOT, 'no/such/rec.dat'))).toThrow(/no sibling header rec\.hea/);
  });
});
