/**
 * Scalogram ↔ image ↔ model-input mappings (reference `scalogram_to_image`,
 * `scalogram_to_model_input`, `model_output_to_image`, Han et al. arXiv 2506.11815).
 * Expected values are worked by hand from those formulas (float32, numpy round-half-to-even for the
 * image, +0.5-then-truncate for model outputs), and the golden images in
 * ../shared/golden/superlet_golden_cpu_x64.npz (made by the reference from the golden scalograms).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  imageToModelInput,
  modelOutputToImage,
  scalogramToImage,
  scalogramToModelInput,
} from '../../../src-main/engine/dsp/scalogram-image';
import { readNpz } from '../../../src-main/engine/io/npz';

const GOLDEN = join(__dirname, '../../../../shared/golden/superlet_golden_cpu_x64.npz');

describe('scalogramToImage', () => {
  it('clips to [−8, 0] and quantises round-half-to-even', () => {
    // (s + 8)/8·255: −8 → 0, 0 → 255, −4 → 127.5 → 128 (even), −20 → clipped 0, 3 → clipped 255,
    // −8 + 8·(0.5/255) → 0.5 → 0 (even), −8 + 8·(1.5/255) → 1.5 → 2 (float32: 1.5000001 → 2).
    const img = scalogramToImage([-8, 0, -4, -20, 3, -8 + 8 * (0.5 / 255), -8 + 8 * (2.5 / 255)]);
    expect(Array.from(img.slice(0, 5))).toEqual([0, 255, 128, 0, 255]);
    expect(img[5]).toBeLessThanOrEqual(1);
    expect([2, 3]).toContain(img[6]);
  });

  it('reproduces every golden image from its golden scalogram exactly', () => {
    const g = readNpz(new Uint8Array(readFileSync(GOLDEN)), GOLDEN);
    const names = [...new Set([...g.keys()].map((k) => k.split('.')[0]))];
    expect(names).toHaveLength(8); // example, 4 tones, noise, example+noise, flat
    for (const name of names) {
      const img = scalogramToImage(g.get(`${name}.scalogram`)!.data);
      expect(Array.from(img)).toEqual(Array.from(g.get(`${name}.image`)!.data));
    }
  });
});

describe('model input and output mappings', () => {
  it('maps pixels to [−1, 1] as p/127.5 − 1', () => {
    expect(Array.from(imageToModelInput([0, 255, 51]))).toEqual([-1, 1, Math.fround(Math.fround(51 / 127.5) - 1)]);
    expect(Array.from(scalogramToModelInput([-8, 0]))).toEqual([-1, 1]);
  });

  it('maps model outputs back with +0.5 and truncation, clipped to [0, 255]', () => {
    // (x+1)·127.5 + 0.5: −1 → 0.5 → 0; 0 → 128 → 128; 1 → 255.5 → 255; 2 → clip 255; −3 → 0; NaN → 0.
    expect(Array.from(modelOutputToImage([-1, 0, 1, 2, -3, Number.NaN]))).toEqual([0, 128, 255, 255, 0, 0]);
  });

  it('round-trips every pixel value image → model input → image', () => {
    const pixels = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(Array.from(modelOutputToImage(imageToModelInput(pixels)))).toEqual(Array.from(pixels));
  });
});
