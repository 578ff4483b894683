/**
 * Bootstrap 95 % intervals for the protocol's figures ({@link evaluatePsnrGroups}: z-scored W1 and
 * AUROC per noise type and 'any', macro W1) of several scores of the same leads (PSNR and the
 * classical SQIs). Leads are resampled within each group (clean, each noise type, any noise), and
 * every score sees the same replicate, so the W1 difference between the first score and each other
 * one gets a paired interval too.
 */
import { bootstrapIntervals, type BootstrapInterval, type BootstrapOptions } from '../metrics/bootstrap';
import { zscoredW1 } from '../metrics/wasserstein';
import { PAPER_NOISE_TYPES } from '../../../src-shared/labels';

/** Lead indices of each protocol group (a lead may be in several). */
export interface LeadGroups {
  clean: number[];
  noisy: Record<string, number[]>;
  /** Leads in any noise group, each once. */
  anyNoisy: number[];
}

/** One score per lead (same lead order as the groups' indices); lower means noisier. */
export interface ScoreSeries {
  label: string;
  values: ArrayLike<number>;
  /** Values above this are capped (PSNR's +Infinity); NaNs are left out, as the evaluation does. */
  capAt: number;
}

/** Intervals of one group row. */
export interface RowIntervals {
  group: string;
  nNoisy: number;
  nClean: number;
  w1: BootstrapInterval | null;
  auroc: BootstrapInterval | null;
}

/** Intervals of one score. */
export interface ScoreIntervals {
  label: string;
  /** Noise types (paper types first), then 'any'. */
  rows: RowIntervals[];
  macroW1: BootstrapInterval | null;
}

/** Paired interval of W1(first score) − W1(`label`) for one paper noise type or 'macro'. */
export interface W1Difference {
  label: string;
  group: string;
  difference: BootstrapInterval | null;
}

/** Result of {@link evaluationIntervals}. */
export interface EvaluationIntervals {
  scores: ScoreIntervals[];
  differences: W1Difference[];
  resamples: number;
  level: number;
  seed: number;
}

/** Lead indices of each group from the leads' group names ('clean' or noise types). */
export function leadGroupsOf(leads: ReadonlyArray<{ groups: readonly string[] }>): LeadGroups {
  const out: LeadGroups = { clean: [], noisy: {}, anyNoisy: [] };
  leads.forEach((lead, i) => {
    for (const g of lead.groups) {
      if (g === 'clean') {
        out.clean.push(i);
      } else {
        (out.noisy[g] ??= []).push(i);
      }
    }
    if (lead.groups.some((g) => g !== 'clean')) {
      out.anyNoisy.push(i);
    }
  });
  return out;
}

function valuesOf(indices: ArrayLike<number>, score: ScoreSeries): number[] {
  const out: number[] = [];
  for (let i = 0; i < indices.length; i++) {
    const v = score.values[indices[i]];
    if (!Number.isNaN(v)) {
      out.push(Math.min(v, score.capAt));
    }
  }
  return out;
}

/**
 * AUROC of −value with noisy positive, P(noisy < clean) + ½·P(tie), by counting over sorted copies
 * (equal to metrics/roc.ts `auroc`, the Mann–Whitney form, without its per-call index sort).
 */
function aurocLowerIsNoisy(clean: number[], noisy: number[]): number {
  const c = Float64Array.from(clean).sort();
  const n = Float64Array.from(noisy).sort();
  let below = 0; // clean values < current noisy value
  let atOrBelow = 0; // clean values ≤ current noisy value
  let wins = 0;
  for (const x of n) {
    while (below < c.length && c[below] < x) {
      below++;
    }
    atOrBelow = Math.max(atOrBelow, below);
    while (atOrBelow < c.length && c[atOrBelow] <= x) {
      atOrBelow++;
    }
    wins += c.length - atOrBelow + 0.5 * (atOrBelow - below);
  }
  return wins / (c.length * n.length);
}

function separation(clean: number[], noisy: number[]): { w1: number; auroc: number } {
  if (clean.length === 0 || noisy.length === 0) {
    return { w1: Number.NaN, auroc: Number.NaN };
  }
  return { w1: zscoredW1(clean, noisy), auroc: aurocLowerIsNoisy(clean, noisy) };
}

function mean(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}

/**
 * Percentile bootstrap intervals of W1 and AUROC per row and of macro W1 for each score, plus the
 * paired W1 difference (first score minus each other score) per paper noise type and macro.
 * Point estimates equal {@link evaluatePsnrGroups}'s on the same values.
 * @throws DspParamError for invalid bootstrap options.
 */
export function evaluationIntervals(groups: LeadGroups, scores: ScoreSeries[], options: BootstrapOptions = {}): EvaluationIntervals {
  const types = [
    ...PAPER_NOISE_TYPES,
    ...Object.keys(groups.noisy).filter((t) => !(PAPER_NOISE_TYPES as readonly string[]).includes(t)).sort(),
  ];
  const rowNames = [...types, 'any'];
  const strata = [groups.clean, ...types.map((t) => groups.noisy[t] ?? []), groups.anyNoisy];
  const perScore = 2 * rowNames.length + 1;
  const paperRows = PAPER_NOISE_TYPES.map((t) => types.indexOf(t));
  const statistic = (s: Float64Array[]): number[] => {
    const w1ByScore: number[][] = [];
    const out: number[] = [];
    for (const score of scores) {
      const clean = valuesOf(s[0], score);
      const rows = rowNames.map((_, r) => separation(clean, valuesOf(s[r + 1], score)));
      const w1 = rows.map((r) => r.w1);
      w1ByScore.push(w1);
      out.push(...w1, ...rows.map((r) => r.auroc), mean(paperRows.map((r) => w1[r])));
    }
    for (let k = 1; k < scores.length; k++) {
      const diffs = paperRows.map((r) => w1ByScore[0][r] - w1ByScore[k][r]);
      out.push(...diffs, out[perScore - 1] - out[k * perScore + perScore - 1]);
    }
    return out;
  };
  const intervals = bootstrapIntervals(strata, statistic, options);
  const scoreIntervals = scores.map((score, k): ScoreIntervals => {
    const base = k * perScore;
    const clean = valuesOf(groups.clean, score).length;
    return {
      label: score.label,
      rows: rowNames.map((group, r) => ({
        group,
        nNoisy: valuesOf(strata[r + 1], score).length,
        nClean: clean,
        w1: intervals[base + r],
        auroc: intervals[base + rowNames.length + r],
      })),
      macroW1: intervals[base + perScore - 1],
    };
  });
  const differences: W1Difference[] = [];
  const diffGroups = [...PAPER_NOISE_TYPES, 'macro'];
  for (let k = 1; k < scores.length; k++) {
    diffGroups.forEach((group, j) => {
      differences.push({ label: scores[k].label, group, difference: intervals[scores.length * perScore + (k - 1) * diffGroups.length + j] });
    });
  }
  return { scores: scoreIntervals, differences, resamples: options.resamples ?? 1000, level: options.level ?? 0.95, seed: options.seed ?? 0 };
}
