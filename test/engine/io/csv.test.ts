/**
 * CSV reader tests. Fixtures in test/fixtures/csv are hand-written (printf) with values chosen so the
 * expected numbers follow from the file text: e.g. time steps of 0.002 s → 500 Hz, 'uV' values × 0.001 → mV.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src-main/engine/io/csv';

const FIX = join(__dirname, '../../fixtures/csv');
const read = (name: string, fsHz?: number) =>
  readCsv(new Uint8Array(readFileSync(join(FIX, name))), join(FIX, name), fsHz === undefined ? {} : { fsHz });
const enc = (s: string) => new TextEncoder().encode(s);

describe('readCsv', () => {
  it('reads a header with a time column in seconds and mV units', () => {
    const r = read('with_time_mv.csv');
    expect(r.fsHz).toBeCloseTo(500, 9); // step 0.002 s
    expect(r.leadNames).toEqual(['I', 'II', 'V1']);
    expect(r.unitsKnown).toBe(true);
    expect(r.sourceUnits).toEqual(['mV', 'mV', 'mV']);
    expect(Array.from(r.signals[1])).toEqual([0.2, 0.25, 0.3, 0.28]);
    expect(r.name).toBe('with_time_mv');
    expect(r.format).toBe('csv');
  });

  it('sniffs semicolons; no units → raw values, unitsKnown false; fs from options', () => {
    const r = read('semicolon_no_units.csv', 250);
    expect(r.fsHz).toBe(250);
    expect(r.leadNames).toEqual(['I', 'II']);
    expect(r.unitsKnown).toBe(false);
    expect(r.sourceUnits).toEqual(['unknown', 'unknown']);
    expect(Array.from(r.signals[0])).toEqual([100, 110, 120]);
    expect(read('semicolon_no_units.csv').fsHz).toBeNull();
  });

  it('detects a headerless monotonic time column in a TSV (step 0.004 s → 250 Hz)', () => {
    const r = read('headerless_time.tsv');
    expect(r.fsHz).toBeCloseTo(250, 9);
    expect(r.leadNames).toEqual(['lead0', 'lead1']);
    expect(Array.from(r.signals[1])).toEqual([-500, -400, -300]);
  });

  it('time in ms and uV units → 500 Hz and millivolts', () => {
    const r = read('time_ms_uv.csv');
    expect(r.fsHz).toBeCloseTo(500, 9);
    expect(r.leadNames).toEqual(['II']);
    expect(r.sourceUnits).toEqual(['uV']);
    r.signals[0].forEach((v, i) => expect(v).toBeCloseTo([0.1, 0.2, 0.3][i], 12));
  });

  it('accepts CRLF line ends, quoted header cells and a UTF-8 BOM', () => {
    const r = readCsv(enc('\ufeff"I (uV)","II (uV)"\r\n1000,2000\r\n3000,4000\r\n'), 'crlf.csv', { fsHz: 500 });
    expect(r.leadNames).toEqual(['I', 'II']);
    expect(Array.from(r.signals[1])).toEqual([2, 4]);
  });

  it('reads whitespace-separated text without a time column', () => {
    const r = read('spaces.txt');
    expect(r.signals.length).toBe(2);
    expect(Array.from(r.signals[0])).toEqual([1.5, -1, 2]);
    expect(r.fsHz).toBeNull();
  });

  it('drops a headerless sample-index column 0,1,2,… (fs stays unknown)', () => {
    const r = readCsv(enc('0,5\n1,6\n2,7\n'), 'idx.csv');
    expect(r.signals.length).toBe(1);
    expect(Array.from(r.signals[0])).toEqual([5, 6, 7]);
    expect(r.fsHz).toBeNull();
  });

  it('reports ragged rows, text cells, NaN, a flat time column and one-row files with line numbers', () => {
    expect(() => readCsv(enc('1,2\n3\n4,5\n'), 'rag.csv')).toThrow(/rag\.csv: ragged rows: line 2/);
    expect(() => readCsv(enc('I,II\n1,2\n3,abc\n'), 'txt.csv')).toThrow(/text 'abc' in numeric column at line 3, column 2 \('II'\)/);
    expect(() => readCsv(enc('I,II\n1,2\n3,NaN\n'), 'nan.csv')).toThrow(/NaN at line 3, column 2/);
    expect(() => readCsv(enc('time,I\n0,1\n0,2\n0,3\n'), 'zero.csv')).toThrow(/0 Hz/);
    expect(() => readCsv(enc('time,I\n0,1\n0.1,2\n0.5,3\n'), 'jit.csv')).toThrow(/not uniformly spaced/);
    expect(() => readCsv(enc('I,II\n1,2\n'), 'one.csv')).toThrow(/only 1 data row/);
    expect(() => readCsv(enc(''), 'empty.csv')).toThrow(/empty\.csv: empty file/);
  });
});
