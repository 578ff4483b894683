/** Difference map of a reconstruction (the model I/O mappings live in `dsp/scalogram-image.ts`). */

/** |a − b| per pixel, as a uint8 image (the difference panel of `--images`). */
export function absDifference(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    out[i] = Math.abs(a[i] - b[i]);
  }
  return out;
}
