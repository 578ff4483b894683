/**
 * Scalogram ↔ 8-bit image ↔ model-input mappings of the reference (Han et al., arXiv 2506.11815,
 * `scalogram_to_image`, `scalogram_to_model_input`, `model_output_to_image`), reproduced in float32
 * arithmetic (Math.fround after every operation, as numpy does on float32 arrays) so quantisation
 * ties fall the same way.
 */

/** Log10-power range mapped onto the image: values are clipped to [REF_MIN, REF_MAX]. */
export const SCALOGRAM_REF_MIN = -8;
export const SCALOGRAM_REF_MAX = 0;

const f = Math.fround;

/** numpy's round-half-to-even of a float32 value. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Reference `scalogram_to_image(s, -8, 0, discretize=True)` as uint8:
 * `round((clip(s, −8, 0) + 8) / 8 · 255)` in float32, round half to even.
 *
 * @param scalogram - log10 power, any shape (typically 32×256 row-major), float32 values.
 * @returns uint8 pixels of the same length (0 ↔ −8, 255 ↔ 0). NaN maps to 0.
 */
export function scalogramToImage(scalogram: ArrayLike<number>): Uint8Array {
  const span = SCALOGRAM_REF_MAX - SCALOGRAM_REF_MIN;
  const out = new Uint8Array(scalogram.length);
  for (let i = 0; i < scalogram.length; i++) {
    const v = f(scalogram[i]);
    const clipped = v < SCALOGRAM_REF_MIN ? SCALOGRAM_REF_MIN : v > SCALOGRAM_REF_MAX ? SCALOGRAM_REF_MAX : v;
    out[i] = roundHalfEven(f(f(f(clipped - SCALOGRAM_REF_MIN) / span) * 255));
  }
  return out;
}

/**
 * Reference `scalogram_to_model_input(s, -8, 0, discretize=True)`: the 8-bit image of
 * {@link scalogramToImage} mapped to [−1, 1] as `pixel / 127.5 − 1` (float32).
 *
 * @returns float32 values in [−1, 1], same length as the input.
 */
export function scalogramToModelInput(scalogram: ArrayLike<number>): Float32Array {
  return imageToModelInput(scalogramToImage(scalogram));
}

/**
 * The model-input side of an 8-bit image: `pixel / 127.5 − 1` in float32 (0 → −1, 255 → 1).
 * This is the second half of the reference `scalogram_to_model_input`.
 */
export function imageToModelInput(image: ArrayLike<number>): Float32Array {
  const out = new Float32Array(image.length);
  for (let i = 0; i < image.length; i++) {
    out[i] = f(f(image[i] / 127.5) - 1);
  }
  return out;
}

/**
 * Reference `model_output_to_image(sample, discretize=True)` for numpy input: a model output in
 * [−1, 1] back to 8-bit pixels as `uint8(clip((x + 1) · 127.5 + 0.5, 0, 255))` — i.e. round half
 * up via +0.5 then truncation (not numpy's round), computed in float32. PSNR against
 * {@link scalogramToImage} pixels (both as 0–255 values) is the paper's noise score.
 *
 * @param sample - model output values (float32), nominally in [−1, 1]; NaN maps to 0.
 * @returns uint8 pixels, same length.
 */
export function modelOutputToImage(sample: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(sample.length);
  for (let i = 0; i < sample.length; i++) {
    const v = f(f(f(f(sample[i]) + 1) * 127.5) + 0.5);
    out[i] = v > 255 ? 255 : v >= 0 ? Math.trunc(v) : 0;
  }
  return out;
}
