/**
 * Invalid samples (NaN, ±Infinity — e.g. the WFDB invalid-sample code the readers map to NaN):
 * filling each run before the zero-phase filter so a gap cannot spread over a whole lead, and
 * counting them per span so a window can say how much of it was made up.
 */

/** True for a sample that counts as invalid: NaN or ±Infinity. */
export function isInvalidSample(v: number): boolean {
  return !Number.isFinite(v);
}

/**
 * The nearest finite sample outside a span, for filling a run that crosses the span's edge: its
 * distance from the span edge (≥ 1: the sample just outside is 1) and its value.
 */
export interface GapAnchor {
  distance: number;
  value: number;
}

/** Finite samples just outside a span (null: none on that side, the run extends the other side's value). */
export interface GapAnchors {
  before: GapAnchor | null;
  after: GapAnchor | null;
}

/**
 * Fills every run of invalid samples by linear interpolation between the finite samples on either
 * side of the run; a run at the start (end) of the signal takes the first (last) finite value.
 * Finite samples are copied unchanged.
 *
 * Example: `[NaN, 2, NaN, NaN, 8, NaN]` → `[2, 2, 4, 6, 8, 8]`.
 *
 * A span of a longer lead is filled exactly as the whole lead would be when `anchors` gives the
 * finite samples just outside it (see {@link GapAnchors}); without anchors the span is the lead.
 *
 * @param signal - one lead or a span of one, samples (any units).
 * @param anchors - finite neighbours outside the span (default: none, the span is the whole lead).
 * @returns a new Float64Array of the same length, or `null` when no finite sample is in reach
 *   (none in the signal and no anchor: nothing to interpolate from).
 */
export function fillInvalidRuns(signal: ArrayLike<number>, anchors: GapAnchors = { before: null, after: null }): Float64Array | null {
  const n = signal.length;
  const out = new Float64Array(n);
  // index of the last finite sample seen (an anchor before the span sits at −distance)
  let lastFinite = anchors.before ? -anchors.before.distance : Number.NEGATIVE_INFINITY;
  let lastValue = anchors.before?.value ?? 0;
  const fillRun = (runStart: number, runEnd: number, v: number, at: number): void => {
    if (lastFinite === Number.NEGATIVE_INFINITY) {
      out.fill(v, runStart, runEnd); // leading run: constant extension
      return;
    }
    const left = lastValue;
    const steps = at - lastFinite;
    for (let k = runStart; k < runEnd; k++) {
      // multiply before dividing: integer end points and steps give exact values
      out[k] = left + ((v - left) * (k - lastFinite)) / steps;
    }
  };
  for (let i = 0; i < n; i++) {
    const v = signal[i];
    if (isInvalidSample(v)) {
      continue;
    }
    out[i] = v;
    const runStart = Math.max(0, lastFinite + 1);
    if (runStart < i) {
      fillRun(runStart, i, v, i);
    }
    lastFinite = i;
    lastValue = v;
  }
  if (lastFinite === Number.NEGATIVE_INFINITY && !anchors.after) {
    return null;
  }
  const tailStart = Math.max(0, lastFinite + 1);
  if (tailStart < n) {
    if (anchors.after) {
      fillRun(tailStart, n, anchors.after.value, n - 1 + anchors.after.distance);
    } else {
      out.fill(lastValue, tailStart, n); // trailing run: constant extension
    }
  }
  return out;
}

/**
 * Running count of invalid samples: element `i` is the number of invalid samples in
 * `signal[0 .. i)`, so `prefix[end] − prefix[start]` counts any span in O(1).
 *
 * @returns a Uint32Array of `signal.length + 1` elements.
 */
export function invalidPrefixCounts(signal: ArrayLike<number>): Uint32Array {
  const prefix = new Uint32Array(signal.length + 1);
  for (let i = 0; i < signal.length; i++) {
    prefix[i + 1] = prefix[i] + (isInvalidSample(signal[i]) ? 1 : 0);
  }
  return prefix;
}

/**
 * Invalid samples in `[startSample, endSample)` from {@link invalidPrefixCounts}; the span is
 * clipped to the signal.
 */
export function invalidInSpan(prefix: Uint32Array, startSample: number, endSample: number): number {
  const last = prefix.length - 1;
  const a = Math.min(Math.max(0, startSample), last);
  const b = Math.min(Math.max(a, endSample), last);
  return prefix[b] - prefix[a];
}
