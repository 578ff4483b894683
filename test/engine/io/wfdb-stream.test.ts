/**
 * Streaming WFDB reads (io/wfdb/record-stream.ts) against the whole-record reader on every decodable
 * record of the shared corpora: wfdb-python's sample-data (formats 8, 16, 24, 32, 61, 80, 160, 212, 310,
 * 311, FLAC, MAT, skew, samples per frame, byte offsets, multi-segment records with layouts and gaps),
 * MIT-BIH, PTB-XL and CinC 2021 `.mat`. The whole reader is itself checked against wfdb-python
 * (wfdb.test.ts), so equality here (NaN = NaN, tolerance 0) carries that over to every range.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EcgFormatError } from '../../../src-main/engine/errors';
import { memoryByteAccess } from '../../../src-main/engine/io/byte-access';
import { parseWfdbHeader, readWfdbRecord, type FrameMode } from '../../../src-main/engine/io/wfdb';
import { openWfdbSource } from '../../../src-main/engine/io/wfdb/record-stream';
import type { EcgRecord, SignalSource } from '../../../src-main/engine/types';

const DATA = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const SAMPLES = join(DATA, 'wfdb-samples', 'sample-data');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

/** Byte access over a header's folder, counting the bytes read. */
function folderAccess(headerPath: string): { access: ReturnType<typeof memoryByteAccess>; bytesRead: () => number } {
  const dir = dirname(headerPath);
  const cache = new Map<string, Uint8Array>();
  let bytes = 0;
  const file = (name: string): Uint8Array => {
    let b = cache.get(name);
    if (!b) {
      b = new Uint8Array(readFileSync(join(dir, name)));
      cache.set(name, b);
    }
    return b;
  };
  const inner = memoryByteAccess(file);
  return {
    access: { ...inner, read: (name, offset, length) => ((bytes += length), inner.read(name, offset, length)) },
    bytesRead: () => bytes,
  };
}

function whole(headerPath: string, frameMode: FrameMode): EcgRecord | null {
  try {
    return readWfdbRecord(basename(headerPath), (name) => readFileSync(join(dirname(headerPath), name)), { frameMode });
  } catch (error) {
    if (error instanceof EcgFormatError) {
      return null; // header-only records of the corpus (missing signal files)
    }
    throw error;
  }
}

/** Segment headers of multi-segment records are read through their master. */
function masterHeaders(dir: string): string[] {
  const all = listFiles(dir).filter((f) => f.endsWith('.hea'));
  const segments = new Set<string>();
  for (const f of all) {
    for (const s of parseWfdbHeader(readFileSync(f, 'latin1'), basename(f)).segments ?? []) {
      segments.add(join(dirname(f), `${s.name}.hea`));
    }
  }
  return all.filter((f) => !segments.has(f));
}

function expectSame(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i]) && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) {
      expect(actual[i], `${what} sample ${i}`).toBe(expected[i]);
    }
  }
}

/** Ranges that start and end at awkward places: odd samples, inside packed groups, frame edges. */
function ranges(n: number): [number, number][] {
  const out: [number, number][] = [[0, n], [0, 1], [n - 1, n], [1, Math.min(n, 2)]];
  for (const [a, len] of [[3, 7], [Math.floor(n / 3) + 1, 5], [Math.floor(n / 2) - 1, Math.floor(n / 4) + 3], [n - 11, 11]]) {
    const s = Math.max(0, Math.min(n - 1, a));
    out.push([s, Math.min(n, s + Math.max(1, len))]);
  }
  return out;
}

function checkRecord(headerPath: string, frameMode: FrameMode): number {
  const expected = whole(headerPath, frameMode);
  if (!expected) {
    return 0;
  }
  const { access } = folderAccess(headerPath);
  const source: SignalSource = openWfdbSource(basename(headerPath), access, { frameMode });
  const n = expected.signals[0]?.length ?? 0;
  expect(source.info.nSamples, headerPath).toBe(n);
  expect(source.info.fsHz, headerPath).toBe(expected.fsHz);
  expect(source.info.leadNames, headerPath).toEqual(expected.leadNames);
  expect(source.info.unitsKnown, headerPath).toBe(expected.unitsKnown);
  expect(source.info.sourceUnits, headerPath).toEqual(expected.sourceUnits);
  for (const [a, b] of ranges(n)) {
    const got = source.read(a, b);
    expected.signals.forEach((lead, c) => expectSame(got[c]!, lead.subarray(a, b), `${basename(headerPath)} ${frameMode} lead ${c} [${a}, ${b})`));
  }
  // One lead alone, and leads in another order.
  const leads = expected.signals.map((_, i) => i).reverse();
  const got = source.read(0, n, leads);
  leads.forEach((lead, j) => expectSame(got[j]!, expected.signals[lead]!, `${basename(headerPath)} reversed lead ${lead}`));
  source.close();
  return 1;
}

describe('openWfdbSource reads what readWfdbRecord reads', () => {
  const corpus = masterHeaders(SAMPLES);

  it('every decodable wfdb-python sample record, any range, both frame modes', () => {
    let checked = 0;
    for (const header of corpus) {
      // 'average' differs from 'upsample' only when some signal has several samples per frame.
      const several = /\dx\d/.test(readFileSync(header, 'latin1'));
      for (const mode of (several ? ['upsample', 'average'] : ['upsample']) as FrameMode[]) {
        checked += checkRecord(header, mode);
      }
    }
    expect(checked).toBeGreaterThan(30); // 34 records, 6 of them in both modes, when written
  });

  it.skipIf(!existsSync(join(DATA, 'mitdb')))('MIT-BIH 100 and 232 (212), PTB-XL HR06000 and CinC 2021 E07500 (.mat)', () => {
    const headers = [join(DATA, 'mitdb/100.hea'), join(DATA, 'mitdb/232.hea'), join(DATA, 'ptbxl/raw-wfdb/HR06000.hea'), join(DATA, 'cinc2021/E07500.hea')];
    expect(headers.map((h) => checkRecord(h, 'upsample'))).toEqual([1, 1, 1, 1]);
  });

  it('reads only the bytes of the range asked for (a 10-s window of a 30-min record)', () => {
    const header = join(DATA, 'mitdb/100.hea');
    const { access, bytesRead } = folderAccess(header);
    const source = openWfdbSource('100.hea', access);
    const before = bytesRead();
    source.read(360 * 600, 360 * 610);
    // 3600 frames × 2 signals × 1.5 bytes (format 212) = 10,800 bytes; the file has 1.95 MB.
    expect(bytesRead() - before).toBeLessThanOrEqual(10_803);
  });

  it('format 8 (differences) reads forward from checkpoints, FLAC from frame offsets it has passed', () => {
    for (const name of ['binformats.hea', 'flacformats.hea', 'flac_3_constant.hea']) {
      const header = join(SAMPLES, name);
      const expected = whole(header, 'upsample');
      if (!expected) {
        continue;
      }
      const source = openWfdbSource(name, folderAccess(header).access);
      const n = expected.signals[0]!.length;
      // Backwards through the record: every read after the first starts before the last one.
      for (let end = n; end > 0; end -= Math.max(1, Math.floor(n / 7))) {
        const start = Math.max(0, end - Math.max(1, Math.floor(n / 5)));
        source.read(start, end).forEach((lead, c) => expectSame(lead, expected.signals[c]!.subarray(start, end), `${name} [${start}, ${end})`));
      }
    }
  });

  it('names the missing signal file of a header-only record', () => {
    const header = join(SAMPLES, 'drive02.hea');
    expect(() => openWfdbSource('drive02.hea', folderAccess(header).access)).toThrow(/drive02\.dat.*missing or unreadable/);
  });

  it('rejects reads outside the record', () => {
    const source = openWfdbSource('100.hea', folderAccess(join(SAMPLES, '100.hea')).access);
    expect(() => source.read(-1, 10)).toThrow(RangeError);
    expect(() => source.read(0, source.info.nSamples + 1)).toThrow(RangeError);
    expect(() => source.read(0, 10, [5])).toThrow(/no lead 5/);
  });
});
