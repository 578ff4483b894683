/** Colour maps for scalogram images (pure: values in, RGBA bytes out). */

/** Parses `#rrggbb`. */
export function parseHex(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * Maps row-major values to RGBA through a palette (evenly spaced stops, linear interpolation),
 * clamping to `range`. NaN becomes transparent.
 */
export function colorize(values: ArrayLike<number>, range: [number, number], palette: string[]): Uint8ClampedArray {
  const stops = palette.map(parseHex);
  const out = new Uint8ClampedArray(values.length * 4);
  const span = range[1] - range[0] || 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      continue;
    }
    const t = Math.min(1, Math.max(0, (v - range[0]) / span)) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    const a = stops[k];
    const b = stops[k + 1];
    out[i * 4] = a[0] + (b[0] - a[0]) * f;
    out[i * 4 + 1] = a[1] + (b[1] - a[1]) * f;
    out[i * 4 + 2] = a[2] + (b[2] - a[2]) * f;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Draws a `rows × cols` image onto a new canvas (one pixel per cell; the chart scales it). */
export function imageCanvas(rgba: Uint8ClampedArray, rows: number, cols: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  context?.putImageData(new ImageData(new Uint8ClampedArray(rgba), cols, rows), 0, 0);
  return canvas;
}
