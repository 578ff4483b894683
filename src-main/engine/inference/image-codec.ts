/**
 * Mapping between 8-bit scalogram images and the model's float input/output, as the Python
 * toolkit (`training/superlet_torch.py`: `scalogram_to_model_input`, `model_output_to_image`).
 */

/** uint8 image → float32 model input in [−1, 1]: v / 127.5 − 1 (computed in float32). */
export function imageToModelInput(image: Uint8Array, out = new Float32Array(image.length), offset = 0): Float32Array {
  const divisor = Math.fround(127.5);
  for (let i = 0; i < image.length; i++) {
    out[offset + i] = Math.fround(image[i] / divisor) - 1;
  }
  return out;
}

/** Model output → uint8 image: trunc(clip((x + 1) · 127.5 + 0.5, 0, 255)), float32 arithmetic. */
export function modelOutputToImage(sample: Float32Array, start = 0, length = sample.length - start): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const v = Math.fround(Math.fround(Math.fround(sample[start + i] + 1) * 127.5) + 0.5);
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
  }
  return out;
}

/** |a − b| per pixel, as a uint8 image (the difference map of `--images`). */
export function absDifference(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    out[i] = Math.abs(a[i] - b[i]);
  }
  return out;
}
