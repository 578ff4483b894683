/**
 * Sorting index positions fast: numeric keys are quantised and packed with the position into one
 * float64 (key · 2²¹ + position, exact below 2⁵³), so a plain typed-array sort does the work; runs
 * of equal quanta are then ordered exactly. Missing values (NaN) go last in both directions.
 */
import type { SegmentColumns, RecordFacts } from './facts-loader';

/** Positions are packed below this factor in sort keys (2²¹ > the largest position we hold). */
const POSITION_SPAN = 2 ** 21;
/** Quantised keys are below this; missing values take it, so they sort last. */
const SORT_MISSING = 4e9;

/** How to read one sort key at a position. */
export type SortKeyOf =
  | { kind: 'integer'; get: (p: number) => number }
  | { kind: 'real'; get: (p: number) => number }
  | { kind: 'string'; get: (p: number) => string };

/** Integer keys as they are; real keys (PSNR, SSIM, SQIs) to 1e-6 of their value's scale around 0. */
function quantize(kind: 'integer' | 'real', v: number): number {
  if (Number.isNaN(v)) {
    return SORT_MISSING;
  }
  const q = kind === 'integer' ? v : Math.round((v + 1000) * 1e5);
  return Math.min(SORT_MISSING - 1, Math.max(0, q));
}

/** Positions sorted by `key` in direction `dir`; ties keep position order. */
export function sortPositions(positions: Int32Array, dir: 'asc' | 'desc', key: SortKeyOf): Int32Array {
  const sign = dir === 'asc' ? 1 : -1;
  if (key.kind === 'string') {
    const strings = new Map<number, string>();
    for (const p of positions) {
      strings.set(p, key.get(p));
    }
    return Int32Array.from(positions).sort((a, b) => {
      const sa = strings.get(a) as string;
      const sb = strings.get(b) as string;
      return (sa < sb ? -1 : sa > sb ? 1 : 0) * sign || a - b;
    });
  }
  const packed = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    let q = quantize(key.kind, key.get(p));
    if (q < SORT_MISSING && sign < 0) {
      q = SORT_MISSING - 1 - q;
    }
    packed[i] = q * POSITION_SPAN + p;
  }
  packed.sort();
  const out = new Int32Array(positions.length);
  for (let i = 0; i < packed.length; i++) {
    out[i] = packed[i] % POSITION_SPAN;
  }
  if (key.kind === 'real') {
    // Values closer than the quantum share a key: order each such (short) run exactly.
    for (let i = 0; i < packed.length; ) {
      const bucket = Math.floor(packed[i] / POSITION_SPAN);
      let j = i + 1;
      while (j < packed.length && Math.floor(packed[j] / POSITION_SPAN) === bucket) {
        j++;
      }
      if (j - i > 1 && bucket < SORT_MISSING) {
        out.subarray(i, j).sort((a, b) => (key.get(a) - key.get(b)) * sign || a - b);
      }
      i = j;
    }
  }
  return out;
}

/** A name split into text and number runs, for natural ordering ('rec2' before 'rec10'). */
function naturalParts(name: string): (string | number)[] {
  return (name.toLowerCase().match(/\d+|\D+/g) ?? []).map((part) => (/^\d/.test(part) ? Number(part) : part));
}

/** Natural order of two split names: number runs by value, text runs by code point. */
function compareNatural(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y) {
      if (typeof x === typeof y) {
        return x < y ? -1 : 1;
      }
      return typeof x === 'number' ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/**
 * Positions in the table's default order: records by name in natural order ('rec2' before
 * 'rec10'; ties by name, then id), within a record by window, then lead.
 */
export function recordOrder(segments: SegmentColumns, records: RecordFacts[]): Int32Array {
  const rank = new Map<number, number>();
  records
    .map((r) => ({ r, parts: naturalParts(r.name) }))
    .sort((a, b) => compareNatural(a.parts, b.parts) || (a.r.name < b.r.name ? -1 : a.r.name > b.r.name ? 1 : 0) || a.r.id - b.r.id)
    .forEach(({ r }, k) => rank.set(r.id, k));
  // Bucket positions by record rank (counting sort), then order each record's few positions.
  const n = segments.ids.length;
  const rankOf = Int32Array.from(segments.recordIds, (id) => rank.get(id) ?? records.length);
  const starts = new Int32Array(records.length + 2);
  for (let p = 0; p < n; p++) {
    starts[rankOf[p] + 1] += 1;
  }
  for (let r = 1; r < starts.length; r++) {
    starts[r] += starts[r - 1];
  }
  const out = new Int32Array(n);
  const fill = starts.slice();
  for (let p = 0; p < n; p++) {
    out[fill[rankOf[p]]++] = p;
  }
  for (let r = 0; r + 1 < starts.length; r++) {
    if (starts[r + 1] - starts[r] > 1) {
      out
        .subarray(starts[r], starts[r + 1])
        .sort((a, b) => segments.windowIndex[a] - segments.windowIndex[b] || segments.leadIndex[a] - segments.leadIndex[b] || a - b);
    }
  }
  return out;
}
