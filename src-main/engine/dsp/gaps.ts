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
 * Fills every run of invalid samples by linear interpolation between the finite samples on either
 * side of the run; a run at the start (end) of the signal takes the first (last) finite value.
 * Finite samples are copied unchanged.
 *
 * Example: `[NaN, 2, NaN, NaN, 8, NaN]` → `[2, 2, 4, 6, 8, 8]`.
 *
 * @param signal - one lead, samples (any units).
 * @returns a new Float64Array of the same length, or `null` when the signal has no finite sample
 *   (nothing to interpolate from).
 */
export function fillInvalidRuns(signal: ArrayLike<number>): Float64Array | null {
  const n = signal.length;
  const out = new Float64Array(n);
  let lastFinite = -1; // index of the last finite sample seen
  for (let i = 0; i < n; i++) {
    const v = signal[i];
    if (isInvalidSample(v)) {
      continue;
    }
    out[i] = v;
    const runStart = lastFinite + 1;
    if (runStart < i) {
      if (lastFinite < 0) {
        out.fill(v, 0, i); // leading run: constant extension
      } else {
        const left = out[lastFinite];
        const steps = i - lastFinite;
        for (let k = runStart; k < i; k++) {
          // multiply before dividing: integer end points and steps give exact values
          out[k] = left + ((v - left) * (k - lastFinite)) / steps;
        }
      }
    }
    lastFinite = i;
  }
  if (lastFinite < 0) {
    return null;
  }
  out.fill(out[lastFinite], lastFinite + 1, n); // trailing run: constant extension
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
