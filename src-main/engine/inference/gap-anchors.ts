/**
 * The nearest finite samples outside a span of one lead, looked up in its source: what filling the
 * span's edge runs needs to equal filling the whole lead (dsp/gaps.ts). Stretches found to hold no
 * finite sample are remembered, so a long gap crossed by many chunks is read through once.
 */
import type { GapAnchor, GapAnchors } from '../dsp/gaps';
import { isInvalidSample } from '../dsp/gaps';
import type { SignalSource } from '../types';

/** Samples read per step of a search. */
const SEARCH_BLOCK = 1 << 16;

/** Finds gap anchors of one lead of a source. */
export class GapAnchorFinder {
  /** Sorted, disjoint stretches `[start, end)` known to hold no finite sample. */
  private readonly invalid: [number, number][] = [];

  constructor(
    private readonly source: SignalSource,
    private readonly lead: number,
  ) {}

  /**
   * Anchors of span `[start, end)` whose first / last sample is invalid (`needBefore` / `needAfter`);
   * a side that needs none gets null, as does a side with no finite sample up to the lead's end.
   */
  anchors(start: number, end: number, needBefore: boolean, needAfter: boolean): GapAnchors {
    return {
      before: needBefore && start > 0 ? this.search(start - 1, -1, start) : null,
      after: needAfter && end < this.source.info.nSamples ? this.search(end, 1, end - 1) : null,
    };
  }

  /** Walks from `from` in `step` direction to the first finite sample; distance counted from `edge`. */
  private search(from: number, step: 1 | -1, edge: number): GapAnchor | null {
    const n = this.source.info.nSamples;
    let i = from;
    while (i >= 0 && i < n) {
      const known = this.invalid.find(([a, b]) => i >= a && i < b);
      if (known) {
        i = step < 0 ? known[0] - 1 : known[1];
        continue;
      }
      const lo = step < 0 ? Math.max(0, i - SEARCH_BLOCK + 1) : i;
      const hi = step < 0 ? i + 1 : Math.min(n, i + SEARCH_BLOCK);
      const [block] = this.source.read(lo, hi, [this.lead]);
      for (let k = i; k >= lo && k < hi; k += step) {
        if (!isInvalidSample(block[k - lo])) {
          this.remember(step < 0 ? k + 1 : from, step < 0 ? from + 1 : k);
          return { distance: Math.abs(k - edge), value: block[k - lo] };
        }
      }
      i = step < 0 ? lo - 1 : hi;
    }
    this.remember(step < 0 ? 0 : from, step < 0 ? from + 1 : n);
    return null;
  }

  /** Records `[start, end)` as holding no finite sample, merged with the stretches it touches. */
  private remember(start: number, end: number): void {
    if (end <= start) {
      return;
    }
    let a = start;
    let b = end;
    const kept = this.invalid.filter(([s, e]) => {
      if (e < a || s > b) {
        return true;
      }
      a = Math.min(a, s);
      b = Math.max(b, e);
      return false;
    });
    kept.push([a, b]);
    kept.sort((x, y) => x[0] - y[0]);
    this.invalid.splice(0, this.invalid.length, ...kept);
  }
}
