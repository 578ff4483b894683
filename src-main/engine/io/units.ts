/** Physical-unit helpers shared by the CSV and EDF readers. */

/** Factor that turns a value in `unit` into millivolts (e.g. 'uV' → 0.001), or null when `unit` is not a voltage. */
export function unitToMvScale(unit: string): number | null {
  const u = unit.trim().replace(/[µμ]/g, 'u');
  switch (u.toLowerCase()) {
    case 'nv':
      return 1e-6;
    case 'uv':
      return 1e-3;
    case 'mv':
      return 1;
    case 'v':
      return 1e3;
    default:
      return null;
  }
}
