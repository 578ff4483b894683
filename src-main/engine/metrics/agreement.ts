/**
 * Inter-rater agreement: Cohen's κ for two raters (Cohen 1960, Educ. Psychol. Meas. 20:37–46) and
 * Fleiss' κ for a fixed number of raters per subject (Fleiss 1971, Psychol. Bull. 76:378–382).
 */

import { DspParamError } from '../errors';

/**
 * Cohen's κ from a square contingency table `table[i][j]` = number of items rater A put in
 * category i and rater B in category j: κ = (pₒ − pₑ) / (1 − pₑ).
 * @returns κ; NaN when pₑ = 1 (both raters used one and the same category only), as sklearn.
 * @throws DspParamError for a non-square, negative or empty table.
 */
export function cohenKappaFromTable(table: number[][]): number {
  const k = table.length;
  if (k === 0 || table.some((row) => row.length !== k)) {
    throw new DspParamError('Cohen kappa needs a non-empty square contingency table');
  }
  let total = 0;
  let agree = 0;
  const rowSums = new Array<number>(k).fill(0);
  const colSums = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const n = table[i][j];
      if (!(n >= 0) || !Number.isFinite(n)) {
        throw new DspParamError(`contingency counts must be finite and ≥ 0, got ${n} at [${i}][${j}]`);
      }
      total += n;
      rowSums[i] += n;
      colSums[j] += n;
      if (i === j) {
        agree += n;
      }
    }
  }
  if (total === 0) {
    throw new DspParamError('Cohen kappa needs at least one rated item');
  }
  const po = agree / total;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    pe += (rowSums[i] / total) * (colSums[i] / total);
  }
  return pe === 1 ? Number.NaN : (po - pe) / (1 - pe);
}

/**
 * Cohen's κ of two raters' labels for the same items (labels of any primitive type).
 * @throws DspParamError when the label lists differ in length or are empty.
 */
export function cohenKappa<T extends string | number | boolean>(raterA: ArrayLike<T>, raterB: ArrayLike<T>): number {
  if (raterA.length !== raterB.length || raterA.length === 0) {
    throw new DspParamError(`Cohen kappa needs two equal, non-empty label lists (${raterA.length} vs ${raterB.length})`);
  }
  const categories = new Map<T, number>();
  for (const list of [raterA, raterB]) {
    for (let i = 0; i < list.length; i++) {
      if (!categories.has(list[i])) {
        categories.set(list[i], categories.size);
      }
    }
  }
  const table = Array.from({ length: categories.size }, () => new Array<number>(categories.size).fill(0));
  for (let i = 0; i < raterA.length; i++) {
    table[categories.get(raterA[i])!][categories.get(raterB[i])!] += 1;
  }
  return cohenKappaFromTable(table);
}

/**
 * Fleiss' κ from `counts[subject][category]` = number of raters who put the subject in the
 * category; every subject must have the same number n ≥ 2 of ratings.
 * κ = (P̄ − P̄ₑ) / (1 − P̄ₑ) with Pᵢ = (Σⱼ nᵢⱼ² − n) / (n(n−1)), pⱼ = Σᵢ nᵢⱼ / (N·n), P̄ₑ = Σⱼ pⱼ².
 * @returns κ; NaN when P̄ₑ = 1 (every rating in one category).
 * @throws DspParamError for an empty table, unequal rating counts, fewer than 2 raters, or negative counts.
 */
export function fleissKappa(counts: number[][]): number {
  const nSubjects = counts.length;
  if (nSubjects === 0 || counts[0].length === 0) {
    throw new DspParamError('Fleiss kappa needs at least one subject and one category');
  }
  const nCategories = counts[0].length;
  const raters = counts[0].reduce((a, b) => a + b, 0);
  if (!Number.isInteger(raters) || raters < 2) {
    throw new DspParamError(`Fleiss kappa needs at least 2 ratings per subject, got ${raters}`);
  }
  const categoryTotals = new Array<number>(nCategories).fill(0);
  let meanAgreement = 0;
  counts.forEach((row, i) => {
    if (row.length !== nCategories || row.some((n) => !Number.isInteger(n) || n < 0)) {
      throw new DspParamError(`subject ${i}: expected ${nCategories} non-negative integer counts`);
    }
    const rowTotal = row.reduce((a, b) => a + b, 0);
    if (rowTotal !== raters) {
      throw new DspParamError(`subject ${i} has ${rowTotal} ratings, subject 0 has ${raters}`);
    }
    let squares = 0;
    row.forEach((n, j) => {
      squares += n * n;
      categoryTotals[j] += n;
    });
    meanAgreement += (squares - raters) / (raters * (raters - 1));
  });
  meanAgreement /= nSubjects;
  const chanceAgreement = categoryTotals.reduce((acc, t) => acc + (t / (nSubjects * raters)) ** 2, 0);
  return chanceAgreement === 1 ? Number.NaN : (meanAgreement - chanceAgreement) / (1 - chanceAgreement);
}
