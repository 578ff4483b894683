/**
 * Inter-rater agreement on segment labels: Cohen's kappa per pair of raters (annotators and the
 * dataset's own labels) and Fleiss' kappa over segments every annotator labelled.
 */
import { cohenKappa, fleissKappa } from '../metrics/agreement';
import type { AgreementResult } from '../../../src-shared/types';

/** rater name → (segment id → label value). */
export type RaterTable = Map<string, Map<number, string>>;

/** Agreement of every rater pair, plus Fleiss' kappa when there are at least three raters. */
export function agreementOf(table: RaterTable): AgreementResult {
  const raters = [...table.keys()].sort();
  const pairs: AgreementResult['pairs'] = [];
  for (let i = 0; i < raters.length; i++) {
    for (let j = i + 1; j < raters.length; j++) {
      const a = table.get(raters[i]) ?? new Map<number, string>();
      const b = table.get(raters[j]) ?? new Map<number, string>();
      const x: string[] = [];
      const y: string[] = [];
      for (const [segmentId, value] of a) {
        const other = b.get(segmentId);
        if (other !== undefined) {
          x.push(value);
          y.push(other);
        }
      }
      pairs.push({ a: raters[i], b: raters[j], kappa: x.length > 0 ? cohenKappaOf(x, y) : null, n: x.length });
    }
  }
  return { annotators: raters, pairs, fleiss: raters.length >= 3 ? fleissOf(table, raters) : null };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function cohenKappaOf(x: string[], y: string[]): number | null {
  return finiteOrNull(cohenKappa(x, y));
}

/** Fleiss' κ over the segments that every rater labelled (null when fewer than one such segment). */
function fleissOf(table: RaterTable, raters: string[]): { kappa: number | null; n: number } {
  const first = table.get(raters[0]) ?? new Map<number, string>();
  const categories = new Map<string, number>();
  const subjects: string[][] = [];
  for (const [segmentId, value] of first) {
    const values = [value];
    for (const rater of raters.slice(1)) {
      const v = table.get(rater)?.get(segmentId);
      if (v === undefined) {
        break;
      }
      values.push(v);
    }
    if (values.length === raters.length) {
      subjects.push(values);
      values.forEach((v) => categories.has(v) || categories.set(v, categories.size));
    }
  }
  if (subjects.length === 0) {
    return { kappa: null, n: 0 };
  }
  const counts = subjects.map((values) => {
    const row = new Array<number>(categories.size).fill(0);
    values.forEach((v) => (row[categories.get(v) as number] += 1));
    return row;
  });
  return { kappa: finiteOrNull(fleissKappa(counts)), n: subjects.length };
}
