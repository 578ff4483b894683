/**
 * EDF reader tests.
 *
 * - test/fixtures/edf/*.edf and expected_pyedflib.json come from
 *   `.venv/bin/python test/fixtures/edf/make_edf_fixtures.py` (pyedflib 0.1.42 = EDFlib writes the files
 *   and reads back the expected physical values).
 * - ../shared/data/wfdb-samples/sample-data/test_generator_2.edf is compared with its WFDB conversion
 *   test_generator_2.dat (format 16, frame = 11 signals × 200 + 51 annotation samples), decoded inline here:
 *   WFDB value = adc / 32.7675 uV (header gain, baseline 0); EDF value = (adc + 32768)·2000/65535 − 1000 uV, so the
 *   two differ by the constant 32768·2000/65535 − 1000 = 0.01526 uV.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEcgLabel, parseEdfHeader, readEdf } from '../../../src-main/engine/io/edf';

const FIX = join(__dirname, '../../fixtures/edf');
const SAMPLES = join(__dirname, '../../../../shared/data/wfdb-samples/sample-data');
const bytesOf = (p: string) => new Uint8Array(readFileSync(p));
interface Expected {
  signals: Record<string, { fs: number; dim: string; n: number; first: number[]; sum: number; sample1000: number }>;
  annotations: Array<[number, number, string]>;
}
const expected = JSON.parse(readFileSync(join(FIX, 'expected_pyedflib.json'), 'utf-8')) as Record<string, Expected>;

describe('readEdf', () => {
  it('keeps the largest same-rate group, matches pyedflib values, keeps annotations', () => {
    const r = readEdf(bytesOf(join(FIX, 'ecg_multirate.edf')), 'ecg_multirate.edf');
    const exp = expected['ecg_multirate.edf'];
    expect(r.fsHz).toBe(250);
    expect(r.leadNames).toEqual(['I', 'II', 'V1']);
    expect(r.unitsKnown).toBe(true);
    expect(r.sourceUnits).toEqual(['mV', 'mV', 'mV']);
    const labels = ['ECG I', 'ECG II', 'ECG V1'];
    labels.forEach((label, k) => {
      const e = exp.signals[label];
      expect(r.signals[k].length).toBe(e.n);
      e.first.forEach((v, i) => expect(r.signals[k][i]).toBeCloseTo(v, 10));
      expect(r.signals[k][1000]).toBeCloseTo(e.sample1000, 10);
      expect(r.signals[k].reduce((a, b) => a + b, 0)).toBeCloseTo(e.sum, 8);
    });
    expect(r.metadata.droppedSignals).toEqual([{ label: 'Resp', fsHz: 25 }]);
    const ann = r.metadata.annotations as Array<{ onsetS: number; durationS: number | null; text: string }>;
    expect(ann.map((a) => [a.onsetS, a.text])).toEqual(exp.annotations.map(([o, , t]) => [o, t]));
    expect(ann[1].durationS).toBe(2);
    expect(r.metadata.variant).toBe('EDF+C');
  });

  it('converts uV to mV (pyedflib values × 0.001)', () => {
    const r = readEdf(bytesOf(join(FIX, 'ecg_uv.edf')), 'ecg_uv.edf');
    const e = expected['ecg_uv.edf'].signals.II;
    expect(r.fsHz).toBe(500);
    expect(r.sourceUnits).toEqual(['uV']);
    e.first.forEach((v, i) => expect(r.signals[0][i]).toBeCloseTo(v / 1000, 12));
    expect(r.signals[0][1000]).toBeCloseTo(e.sample1000 / 1000, 12);
  });

  it('parses header fields', () => {
    const h = parseEdfHeader(bytesOf(join(FIX, 'ecg_multirate.edf')), 'x.edf');
    expect(h.signals.map((s) => s.samplesPerRecord)).toEqual([250, 250, 25, 250, expect.any(Number)]);
    expect(h.signals[4].label).toBe('EDF Annotations');
    expect(h.recordDurationS).toBe(1);
    expect(h.nRecords).toBe(10);
  });

  const gen = join(SAMPLES, 'test_generator_2.edf');
  it.runIf(existsSync(gen) && existsSync(join(SAMPLES, 'test_generator_2.dat')))(
    'test_generator_2.edf: keeps the one ECG-labelled channel, values match its WFDB conversion (.dat)',
    () => {
      const r = readEdf(bytesOf(gen), gen);
      expect(r.fsHz).toBe(200);
      expect(r.leadNames).toEqual(['ECG']);
      expect(r.sourceUnits).toEqual(['uV']);
      expect(r.unitsKnown).toBe(true);
      // the 10 test-pattern channels (squarewave, ramp, sine…) are listed as dropped
      expect((r.metadata.droppedSignals as unknown[]).length).toBe(10);
      expect(r.signals[0].length).toBe(600 * 200);
      const dat = bytesOf(join(SAMPLES, 'test_generator_2.dat'));
      const view = new DataView(dat.buffer, dat.byteOffset, dat.byteLength);
      const frame = 11 * 200 + 51;
      const ecgIndex = 3; // 'ECG' is the 4th signal line of test_generator_2.hea
      let maxDiffUv = 0;
      for (let rec = 0; rec < 600; rec += 7) {
        for (let j = 0; j < 200; j += 3) {
          const adc = view.getInt16(2 * (rec * frame + ecgIndex * 200 + j), true);
          const wfdbUv = adc / 32.7675;
          maxDiffUv = Math.max(maxDiffUv, Math.abs(r.signals[0][rec * 200 + j] * 1000 - wfdbUv));
        }
      }
      expect(maxDiffUv).toBeLessThan(0.016); // the 0.01526 uV offset explained above
      expect(maxDiffUv).toBeGreaterThan(0.015);
    },
  );

  it('reads 24-bit BDF samples (hand-built file: physical = digital uV = digital / 1000 mV)', () => {
    const pad = (t: string, n: number) => t.padEnd(n, ' ');
    const header =
      '\u00ffBIOSEMI' + pad('X', 80) + pad('X', 80) + '01.01.0000.00.00' + pad('512', 8) + pad('24BIT', 44) + pad('1', 8) +
      pad('1', 8) + pad('1', 4) + pad('ECG II', 16) + pad('', 80) + pad('uV', 8) + pad('-8388608', 8) + pad('8388607', 8) +
      pad('-8388608', 8) + pad('8388607', 8) + pad('', 80) + pad('4', 8) + pad('', 32);
    expect(header.length).toBe(512);
    const digital = [1, -1, 8388607, -8388608];
    const bytes = new Uint8Array(512 + 12);
    for (let i = 0; i < 512; i++) {bytes[i] = header.charCodeAt(i);}
    digital.forEach((d, i) => {
      const u = d & 0xffffff;
      bytes.set([u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff], 512 + 3 * i);
    });
    const r = readEdf(bytes, 'tiny.bdf');
    expect(r.metadata.variant).toBe('BDF');
    expect(r.fsHz).toBe(4);
    expect(r.leadNames).toEqual(['II']);
    digital.forEach((d, i) => expect(r.signals[0][i]).toBeCloseTo(d / 1000, 9));
  });

  it('isEcgLabel recognises ECG channel names and rejects others', () => {
    for (const l of ['ECG', 'ECG I', 'EKG II', 'ECG_V1', 'I', 'III', 'aVR', 'V6', 'MLII']) {expect(isEcgLabel(l), l).toBe(true);}
    for (const l of ['Resp', 'EEG F4-A1', 'sine 1 Hz', 'SpO2', 'V7', 'EDF Annotations']) {expect(isEcgLabel(l), l).toBe(false);}
  });

  const ann = join(SAMPLES, 'test_edfann.edf');
  it.runIf(existsSync(ann))('an annotation-only EDF+ (test_edfann.edf) is a clear error, not an empty record', () => {
    expect(() => readEdf(bytesOf(ann), ann)).toThrow(/no signals/);
  });
});
