/**
 * Builds small WFDB records (format 16, little-endian, interleaved) for importer tests. Headers
 * follow the WFDB header(5) layout; checksums are the 16-bit sums of each lead's samples.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `<dir>/<name>.hea` + `.dat` with `nLeads` sine leads of `nSamples` at `fsHz`. */
export function writeWfdb16(dir: string, name: string, fsHz: number, nSamples: number, leadNames: string[], gain = 200, units = 'mV'): void {
  mkdirSync(dir, { recursive: true });
  const n = leadNames.length;
  const data = new Int16Array(nSamples * n);
  const sums = new Array<number>(n).fill(0);
  for (let i = 0; i < nSamples; i += 1) {
    for (let l = 0; l < n; l += 1) {
      const v = Math.round(100 * Math.sin((2 * Math.PI * (l + 1) * i) / fsHz) + 7 * l + (name.length % 5));
      data[i * n + l] = v;
      sums[l] += v;
    }
  }
  const lines = [`${name} ${n} ${fsHz} ${nSamples}`];
  leadNames.forEach((lead, l) => {
    const checksum = ((sums[l] % 65536) + 65536) % 65536;
    const signed = checksum >= 32768 ? checksum - 65536 : checksum;
    lines.push(`${name}.dat 16 ${gain}/${units} 16 0 ${data[l]} ${signed} 0 ${lead}`);
  });
  writeFileSync(join(dir, `${name}.hea`), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, `${name}.dat`), new Uint8Array(data.buffer));
}
