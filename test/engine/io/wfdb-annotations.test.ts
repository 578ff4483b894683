/**
 * MIT-format annotation reader tests. Expected values: test/fixtures/wfdb/expected.json from
 * wfdb-python 4.3.1 `rdann` (see make_expected.py for the command); wfdb-python keeps the AUX
 * string's trailing NUL, which this reader strips, so the test strips it from the expectation too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EcgFormatError } from '../../../src-main/engine/errors';
import { annotationSymbol, isBeatAnnotation, readWfdbAnnotations } from '../../../src-main/engine/io/wfdb';

const DATA = join(__dirname, '..', '..', '..', '..', 'shared', 'data');

interface ExpectedAnnotations {
  count: number;
  symbols: Record<string, number>;
  noise: { sample: number; subtype: number; chan: number; aux: string }[];
  rhythm: { sample: number; aux: string }[];
  first: { sample: number; symbol: string; num: number; chan: number }[];
  last: { sample: number; symbol: string };
}

const EXPECTED = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'wfdb', 'expected.json'), 'utf8')) as {
  annotations: Record<string, ExpectedAnnotations>;
}).annotations;

const stripNul = (s: string): string => s.replace(/\0+$/, '');

describe('readWfdbAnnotations matches wfdb-python rdann', () => {
  for (const [rel, expected] of Object.entries(EXPECTED)) {
    it(rel, () => {
      const annotations = readWfdbAnnotations(readFileSync(join(DATA, rel)), rel);
      expect(annotations).toHaveLength(expected.count);
      const symbols: Record<string, number> = {};
      for (const a of annotations) {
        symbols[a.symbol] = (symbols[a.symbol] ?? 0) + 1;
      }
      expect(symbols).toEqual(expected.symbols);
      const noise = annotations.filter((a) => a.symbol === '~').map((a) => ({ sample: a.sample, subtype: a.subtype, chan: a.chan, aux: a.aux }));
      expect(noise).toEqual(expected.noise.map((n) => ({ ...n, aux: stripNul(n.aux) })));
      const rhythm = annotations.filter((a) => a.symbol === '+').map((a) => ({ sample: a.sample, aux: a.aux }));
      expect(rhythm).toEqual(expected.rhythm.map((r) => ({ ...r, aux: stripNul(r.aux) })));
      expect(annotations.slice(0, 5).map((a) => ({ sample: a.sample, symbol: a.symbol, num: a.num, chan: a.chan }))).toEqual(expected.first);
      expect({ sample: annotations.at(-1)?.sample, symbol: annotations.at(-1)?.symbol }).toEqual(expected.last);
    });
  }

  it('counts beats in mitdb 100 and 101 (wfdb isqrs codes)', () => {
    const beats100 = readWfdbAnnotations(readFileSync(join(DATA, 'mitdb', '100.atr')), '100.atr').filter(isBeatAnnotation);
    const beats101 = readWfdbAnnotations(readFileSync(join(DATA, 'mitdb', '101.atr')), '101.atr').filter(isBeatAnnotation);
    // From the expected symbol counts: 100 = N 2239 + A 33 + V 1; 101 = N 1860 + A 3 + Q 2.
    expect(beats100).toHaveLength(2273);
    expect(beats101).toHaveLength(1865);
  });
});

describe('annotation encoding details', () => {
  /** Builds an MIT annotation word: code in the top 6 bits, low 10 bits of data. */
  const word = (code: number, low: number): number[] => {
    const w = (code << 10) | (low & 0x3ff);
    return [w & 0xff, w >> 8];
  };

  it('applies SKIP, NUM, SUB, CHN and AUX to the annotation they follow; chan/num carry over', () => {
    const bytes = new Uint8Array([
      ...word(59, 0), 0x01, 0x00, 0x00, 0x00, // SKIP 65536 (PDP-11 long: high word first)
      ...word(1, 5), // N at 65541
      ...word(62, 2), // CHN 2
      ...word(60, 7), // NUM 7
      ...word(14, 10), // ~ at 65551
      ...word(61, 0xff), // SUB −1 (signed byte)
      ...word(63, 3), 0x63, 0x55, 0x41, 0x00, // AUX "cUA" padded to 4 bytes
      ...word(1, 1), // N at 65552, chan 2 and num 7 carried over
      0, 0,
    ]);
    const annotations = readWfdbAnnotations(bytes, 'synthetic.atr');
    expect(annotations).toEqual([
      { sample: 65541, symbol: 'N', code: 1, subtype: 0, chan: 2, num: 7, aux: '' },
      { sample: 65551, symbol: '~', code: 14, subtype: -1, chan: 2, num: 7, aux: 'cUA' },
      { sample: 65552, symbol: 'N', code: 1, subtype: 0, chan: 2, num: 7, aux: '' },
    ]);
  });

  it('names codes without a standard symbol and rejects truncated files', () => {
    expect(annotationSymbol(15)).toBe('[15]');
    expect(annotationSymbol(28)).toBe('+');
    expect(() => readWfdbAnnotations(new Uint8Array([...word(63, 8), 0x41, 0x42]), 'short.atr')).toThrow(EcgFormatError);
    expect(() => readWfdbAnnotations(new Uint8Array([1, 2, 3]), 'odd.atr')).toThrow(/odd.atr: annotation file has an odd length/);
  });
});
