/**
 * loadRecords / describeRecord / registry tests. Array files are written to a temp folder with writeNpy (values
 * are arange-based so the expected record contents follow from the construction); zip archives for npz
 * conventions are built with fflate's zipSync. Real files: ../shared/data (example npz, PTB-XL raw WFDB, golden).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DspParamError, EcgFormatError } from '../../../src-main/engine/errors';
import { describeRecord, loadRecords } from '../../../src-main/engine/io/load';
import { writeNpy } from '../../../src-main/engine/io/npy';
import { detectFormat } from '../../../src-main/engine/io/registry';

const dir = mkdtempSync(join(tmpdir(), 'ecgnq-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHARED = join(__dirname, '../../../../shared');
const arange = (n: number, scale = 1) => Float64Array.from({ length: n }, (_, i) => i * scale);

function put(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('loadRecords: npy/npz conventions', () => {
  it('[leads, samples] npy is one record; fs from options', () => {
    const p = put('two.npy', writeNpy({ dtype: '<f4', shape: [2, 300], data: arange(600, 0.5) }));
    const [r] = loadRecords(p, { fsHz: 100 });
    expect(r.name).toBe('two');
    expect(r.fsHz).toBe(100);
    expect(r.signals.length).toBe(2);
    expect(r.signals[1][0]).toBe(150); // element (1, 0) = 300 × 0.5
    expect(r.unitsKnown).toBe(false);
    expect(loadRecords(p)[0].fsHz).toBeNull();
  });

  it('[samples, leads] (≤ 16 leads, more samples) is transposed', () => {
    const p = put('tall.npy', writeNpy({ dtype: '<f8', shape: [400, 3], data: arange(1200) }));
    const [r] = loadRecords(p);
    expect(r.signals.length).toBe(3);
    expect(r.signals[2][1]).toBe(5); // element (1, 2) = 1·3 + 2
    expect(r.metadata.transposed).toBe(true);
  });

  it('[N, leads, samples] npz → N records named by ecg_id, fs from the fs key', () => {
    const zip = zipSync({
      'signals.npy': writeNpy({ dtype: '<f4', shape: [3, 2, 200], data: arange(1200) }),
      'ecg_id.npy': writeNpy({ dtype: '<i4', shape: [3], data: [11, 22, 33] }),
      'fs.npy': writeNpy({ dtype: '<i2', shape: [], data: [200] }),
    });
    const recs = loadRecords(put('batch.npz', zip));
    expect(recs.map((r) => r.name)).toEqual(['batch[11]', 'batch[22]', 'batch[33]']);
    expect(recs[2].signals[1][0]).toBe(2 * 400 + 200);
    expect(recs.every((r) => r.fsHz === 200)).toBe(true);
    expect(describeRecord(recs[0])).toMatchObject({ nSamples: 200, durationS: 1, leads: ['lead0', 'lead1'] });
  });

  it('a 1-D signal key is one lead; `<name>_<N>hz.signal` keys give fs', () => {
    const zip = zipSync({
      'a_250hz.signal.npy': writeNpy({ dtype: '<f8', shape: [500], data: arange(500) }),
      'a_250hz.scalogram.npy': writeNpy({ dtype: '<f4', shape: [2, 2], data: [1, 2, 3, 4] }),
    });
    const recs = loadRecords(put('gold.npz', zip));
    expect(recs.length).toBe(1);
    expect(recs[0].name).toBe('a_250hz');
    expect(recs[0].fsHz).toBe(250);
  });

  it('npz lead names and units from string arrays (make_npy_fixtures.py: with_leads.npz, units uV)', () => {
    const [r] = loadRecords(join(__dirname, '../../fixtures/npy/with_leads.npz'));
    expect(r.leadNames).toEqual(['I', 'II', 'V1']);
    expect(r.fsHz).toBe(500);
    expect(r.unitsKnown).toBe(true);
    expect(r.sourceUnits).toEqual(['uV', 'uV', 'uV']);
    // signals = (arange(12) - 5.5).reshape(3, 4) in uV → × 0.001 mV
    expect(r.signals[1][0]).toBeCloseTo((4 - 5.5) * 0.001, 15);
  });

  it('NaN in an array is an error naming record, lead and sample', () => {
    const data = arange(400);
    data[123] = Number.NaN;
    const p = put('nan.npy', writeNpy({ dtype: '<f8', shape: [2, 200], data }));
    expect(() => loadRecords(p, { fsHz: 100 })).toThrow(/nan\.npy: NaN in record 'nan' lead 0 \(lead0\) sample 123/);
  });

  it('rejects bad options, directories, unknown extensions and missing files', () => {
    const p = put('ok.npy', writeNpy({ dtype: '<f8', shape: [100], data: arange(100) }));
    expect(() => loadRecords(p, { fsHz: 0 })).toThrow(DspParamError);
    expect(() => loadRecords(dir)).toThrow(/is a directory/);
    expect(() => loadRecords(put('x.xyz', new Uint8Array([1, 2, 3])))).toThrow(/x\.xyz: unknown file format/);
    expect(() => loadRecords(join(dir, 'missing.csv'))).toThrow(EcgFormatError);
  });

  it('refuses files over 2 GiB before reading them (sparse 3 GiB file)', () => {
    const p = join(dir, 'huge.npy');
    writeFileSync(p, new Uint8Array(0));
    truncateSync(p, 3 * 1024 ** 3); // sparse: takes no disk space
    expect(() => loadRecords(p)).toThrow(/huge\.npy: file is too large \(3221225472 bytes/);
    rmSync(p);
  });

  it('detectFormat prefers magic over a wrong extension', () => {
    const npy = writeNpy({ dtype: '<f8', shape: [1], data: [1] });
    expect(detectFormat('wrong.csv', npy)).toBe('npy');
    expect(detectFormat('x.edf', new Uint8Array(10))).toBe('edf');
    expect(detectFormat('x.bin', new Uint8Array(10))).toBeNull();
  });
});

describe('loadRecords: real files', () => {
  const hr = join(SHARED, 'data/ptbxl/raw-wfdb/HR06000');
  it.runIf(existsSync(`${hr}.hea`))('WFDB by .hea and by .mat (sibling header)', () => {
    const [a] = loadRecords(`${hr}.hea`);
    const [b] = loadRecords(`${hr}.mat`);
    expect(a.format).toBe('wfdb');
    expect(a.fsHz).toBe(500);
    expect(a.leadNames.slice(0, 3)).toEqual(['I', 'II', 'III']);
    expect(b.signals[1]).toEqual(a.signals[1]);
    const lone = join(dir, 'lone.mat');
    copyFileSync(`${hr}.mat`, lone);
    expect(() => loadRecords(lone)).toThrow(/lone\.mat: no sibling header lone\.hea/);
  });

  const ex = join(SHARED, 'data/example/ecg_example.npz');
  it.runIf(existsSync(ex))('ecg_example.npz: the `signal` key, fs from options', () => {
    const [r] = loadRecords(ex, { fsHz: 500 });
    expect(r.signals.length).toBe(1);
    expect(r.signals[0].length).toBe(5000);
    expect(r.signals[0][0]).toBe(0.435); // np.load(...)['signal'][0]
    expect(describeRecord(r).durationS).toBe(10);
  });
});
