/**
 * PNG of a reconstruction for `--images` and reports: original | reconstruction | |difference|
 * side by side (grey, row 0 = 40 Hz at the top), with a 4-px white gap between panels.
 */
import { PNG } from 'pngjs';
import { IMAGE_HEIGHT as HEIGHT, IMAGE_WIDTH as WIDTH } from './reverse-process';
import type { Reconstruction } from './scorer';

const GAP = 4;

/**
 * Encodes the comparison image as PNG bytes, each panel scaled `scale`× (nearest neighbour).
 * @returns PNG file bytes, (3·256 + 2·4)·scale × 32·scale pixels.
 */
export function comparisonPng(recon: Reconstruction, scale = 2): Uint8Array {
  const panels = [recon.original, recon.reconstruction, recon.difference];
  const width = (3 * WIDTH + 2 * GAP) * scale;
  const height = HEIGHT * scale;
  const png = new PNG({ width, height });
  png.data = Buffer.alloc(width * height * 4, 255);
  panels.forEach((panel, p) => {
    const x0 = p * (WIDTH + GAP) * scale;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < WIDTH * scale; x++) {
        const v = panel[Math.floor(y / scale) * WIDTH + Math.floor(x / scale)];
        const o = (y * width + x0 + x) * 4;
        png.data[o] = v;
        png.data[o + 1] = v;
        png.data[o + 2] = v;
        png.data[o + 3] = 255;
      }
    }
  });
  return new Uint8Array(PNG.sync.write(png, { colorType: 0, inputColorType: 6 }));
}
