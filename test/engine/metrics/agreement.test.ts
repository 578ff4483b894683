/**
 * Cohen's and Fleiss' kappa on textbook examples:
 * - Cohen: Wikipedia "Cohen's kappa", worked example (50 grant proposals: yes/yes 20, yes/no 5,
 *   no/yes 10, no/no 15 → pₒ 0.7, pₑ 0.5, κ 0.4).
 * - Fleiss: Wikipedia "Fleiss' kappa", worked example (10 subjects, 14 raters, 5 categories →
 *   P̄ 0.378, P̄ₑ 0.213, κ 0.210; unrounded κ = 0.20993070442195522 from the same formulas in numpy).
 * - sklearn 1.9 `cohen_kappa_score` on random labels (test/fixtures/metrics/reference_metrics.json,
 *   from .venv/bin/python test/fixtures/metrics/make_metrics_fixtures.py).
 */
import { describe, expect, it } from 'vitest';
import { DspParamError } from '../../../src-main/engine/errors';
import { cohenKappa, cohenKappaFromTable, fleissKappa } from '../../../src-main/engine/metrics/agreement';
import { loadMetricsFixture } from './fixture';

const fixture = loadMetricsFixture();

describe("Cohen's kappa", () => {
  it('Wikipedia example: κ = 0.4', () => {
    expect(cohenKappaFromTable([[20, 5], [10, 15]])).toBeCloseTo(0.4, 12);
    const a = [...Array(25).fill('yes'), ...Array(25).fill('no')];
    const b = [...Array(20).fill('yes'), ...Array(5).fill('no'), ...Array(10).fill('yes'), ...Array(15).fill('no')];
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
  });

  for (const c of fixture.kappa) {
    it(`matches sklearn cohen_kappa_score (${c.name})`, () => {
      expect(Math.abs(cohenKappa(c.a, c.b) - c.kappa)).toBeLessThan(1e-12);
    });
  }

  it('perfect agreement is 1; one shared category only is undefined (NaN)', () => {
    expect(cohenKappa([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(cohenKappa(['clean', 'clean'], ['clean', 'clean'])).toBeNaN();
  });

  it('rejects unequal lists and bad tables', () => {
    expect(() => cohenKappa([1, 2], [1])).toThrow(DspParamError);
    expect(() => cohenKappaFromTable([[1, 2]])).toThrow(DspParamError);
    expect(() => cohenKappaFromTable([[0, 0], [0, 0]])).toThrow(DspParamError);
  });
});

describe("Fleiss' kappa", () => {
  const table = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('Wikipedia example: κ ≈ 0.210', () => {
    expect(fleissKappa(table)).toBeCloseTo(0.20993070442195522, 12);
  });

  it('two raters with a 2×2 pattern agree with the Scott/Fleiss formula by hand', () => {
    // Subjects rated (A,A), (A,B), (B,B), (B,B) by 2 raters: P̄ = (1+0+1+1)/4 = 0.75,
    // p = (3/8, 5/8), P̄ₑ = 9/64 + 25/64 = 34/64, κ = (0.75 − 34/64)/(1 − 34/64) = 14/30.
    expect(fleissKappa([[2, 0], [1, 1], [0, 2], [0, 2]])).toBeCloseTo(14 / 30, 12);
  });

  it('rejects unequal rating counts and fewer than two raters', () => {
    expect(() => fleissKappa([[1, 1], [2, 1]])).toThrow(/3 ratings/);
    expect(() => fleissKappa([[1, 0]])).toThrow(DspParamError);
    expect(() => fleissKappa([])).toThrow(DspParamError);
  });
});
