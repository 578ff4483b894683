/**
 * Model report: evaluates a model on the report half of fold 9 of the PTB-XL subset with the
 * paper's protocol (the numbers `ecgnq eval --subset … --half report` prints), PSNR beside the six
 * classical SQIs with bootstrap 95 % intervals, sweeps the sampling settings on the selection half
 * (`ecgnq sweep`), runs the NSTDB synthetic SNR check (`ecgnq snr-check`), adds the study outputs
 * other scripts wrote (model-report-studies.ts), and writes docs/model-report.md with ECharts SVG
 * figures under docs/figures/. Every number in the report comes from this run or those files.
 *
 *   node --import tsx scripts/model-report.ts --model models/default [--limit N] [--sweep-limit M] [--snr-leads K]
 *     [--half report] [--sweep-half selection] [--resamples 1000] [--studies docs/studies] [--learning-curve CSV]
 *   npm run report:model                      # the whole report half, all leads
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { PAPER_NOISE_TYPES } from '../src-shared/labels';
import type { EvalResult } from '../src-shared/types';
import { evaluationIntervals, leadGroupsOf, type EvaluationIntervals, type ScoreSeries } from '../src-main/engine/eval/eval-intervals';
import { PSNR_CAP_DB } from '../src-main/engine/eval/noise-eval';
import { DEFAULT_SNR_LEVELS_DB, runSnrCheck, type SnrCheckResult } from '../src-main/engine/eval/snr-check';
import { SUBSET_HALVES, type SubsetHalf } from '../src-main/engine/eval/subset-eval';
import { runSweep, scoreSetting, sweepGrid, sweepTableRows, type SettingResult, type SweepSetting } from '../src-main/engine/eval/sweep';
import { prepareSubsetImages, type CachedImage, type PreparedLead, type PreparedSubset } from '../src-main/engine/eval/sweep-images';
import { NoiseScorer } from '../src-main/engine/inference/scorer';
import type { BootstrapInterval } from '../src-main/engine/metrics/bootstrap';
import { SQI_META, cleanerIsHigher } from '../src-main/engine/metrics/sqi';
import { psnrDistributionSvg, psnrVsSnrSvg, sweepSvg } from './model-report-charts';
import { learningCurveSection, seedSpreadSection, selectionStudiesSection } from './model-report-studies';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Options of {@link buildModelReport}. */
export interface ModelReportOptions {
  modelDir: string;
  subsetDir: string;
  nstdbDir: string;
  /** Leads per group for the evaluation (Infinity = the whole protocol). */
  limit: number;
  /** Records of the evaluation (default 'report': odd ecg_id, see `subsetHalf`). */
  half?: SubsetHalf | 'all';
  /** Leads per group for the sweep. */
  sweepLimit: number;
  /** Records of the sweep (default 'selection': settings are studied there, not on the report half). */
  sweepHalf?: SubsetHalf | 'all';
  /** Bootstrap replicates of the intervals (default 1000; seed = `seed`). */
  resamples?: number;
  /** Study outputs (defaults: docs/studies, docs/studies/seed-spread-report.json, training/checkpoints/main/learning_curve.csv). */
  studiesDir?: string;
  seedSpreadPath?: string;
  learningCurvePath?: string;
  sweepSettings: SweepSetting[];
  snrLeads: number;
  snrLevelsDb: number[];
  seed: number;
  threads?: number;
  /** Command line shown in the report. */
  command: string;
  /** Where the markdown will live (figure links are relative to it). */
  reportPath: string;
  figuresDir: string;
  log?: (line: string) => void;
}

/** Everything the report shows. */
export interface ModelReport {
  markdown: string;
  figures: Array<{ file: string; svg: string }>;
  data: {
    eval: SettingResult;
    evalPrepared: PreparedSubset;
    /** PSNR first, then each SQI of SQI_META. */
    intervals: EvaluationIntervals;
    sweep: SettingResult[];
    sweepLeads: number;
    snr: SnrCheckResult;
    timingsS: Record<string, number>;
  };
}

const f = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

function mdTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function evalTable(result: EvalResult): string {
  return mdTable(
    ['group', 'n noisy', 'n clean', 'W1 (z)', 'AUROC', 'Youden thr (dB)', 'sens', 'spec', '24 dB sens', '24 dB spec', 'median PSNR noisy (dB)'],
    result.rows.map((r) => [r.group, String(r.nNoisy), String(r.nClean), f(r.w1), f(r.auroc), f(r.youden?.thresholdDb, 2), f(r.youden?.sensitivity), f(r.youden?.specificity), f(r.fixed?.sensitivity), f(r.fixed?.specificity), f(r.medianPsnrNoisy, 2)]),
  );
}

/** Per-lead scores of the prepared leads: PSNR, then each SQI mapped so that lower means noisier. */
function scoreSeries(leads: PreparedLead[], psnr: number[]): ScoreSeries[] {
  return [
    { label: 'PSNR (diffusion)', values: psnr, capAt: PSNR_CAP_DB },
    ...SQI_META.map((meta) => ({ label: meta.label, values: leads.map((l) => (l.sqi ? cleanerIsHigher(meta, l.sqi[meta.name]) : Number.NaN)), capAt: Infinity })),
  ];
}

const ci = (v: BootstrapInterval | null | undefined): string => (v ? `${f(v.estimate)} [${f(v.lo)}, ${f(v.hi)}]` : '—');

/** PSNR's W1 (first score) against the SQI with the highest W1 for `group` (a paper noise type or 'macro'). */
function versusBestSqi(iv: EvaluationIntervals, group: string): { psnr: number; best: string; bestW1: number; wins: boolean; difference: BootstrapInterval | null } {
  const w1Of = (s: (typeof iv.scores)[number]): number => (group === 'macro' ? s.macroW1?.estimate : s.rows.find((r) => r.group === group)?.w1?.estimate) ?? Number.NaN;
  const best = [...iv.scores.slice(1)].sort((a, b) => w1Of(b) - w1Of(a))[0];
  const psnr = w1Of(iv.scores[0]);
  return { psnr, best: best.label, bestW1: w1Of(best), wins: psnr >= w1Of(best), difference: iv.differences.find((d) => d.label === best.label && d.group === group)?.difference ?? null };
}

/** W1 and AUROC tables with intervals (one row per score) and the PSNR-vs-best-SQI lines. */
function intervalsMarkdown(iv: EvaluationIntervals): string[] {
  const groups = [...PAPER_NOISE_TYPES, 'any'];
  const cell = (rows: EvaluationIntervals['scores'][number]['rows'], group: string, key: 'w1' | 'auroc'): string => ci(rows.find((r) => r.group === group)?.[key]);
  const psnr = iv.scores[0];
  const verdicts = [...PAPER_NOISE_TYPES, 'macro'].map((group) => {
    const v = versusBestSqi(iv, group);
    const clear = v.difference && (v.difference.lo > 0 || v.difference.hi < 0) ? 'the interval excludes 0' : 'the interval includes 0';
    return `- ${group === 'macro' ? 'macro W1' : group}: PSNR ${f(v.psnr)} vs best SQI ${v.best} ${f(v.bestW1)}; PSNR's W1 ≥ best SQI's: **${v.wins ? 'yes' : 'no'}**. Paired difference PSNR − ${v.best}: ${ci(v.difference)} (${clear}).`;
  });
  const counts = psnr.rows.map((r) => `${r.group} ${r.nNoisy}`).join(', ');
  return [
    `Leads per group: clean ${psnr.rows[0]?.nClean ?? 0}; noisy ${counts}. Point estimate [${Math.round(iv.level * 100)} % percentile bootstrap interval]: ${iv.resamples} replicates, leads resampled with replacement within each group (clean, each noise type, any noise), seed ${iv.seed}, the same replicates for every score (engine/eval/eval-intervals.ts, engine/metrics/bootstrap.ts). SQIs are mapped so that lower means noisier (|sSQI|, −hfSQI, −burstSQI), which leaves W1 unchanged and orients AUROC like PSNR's. W1 is a distance, so resampling noise pushes its replicates up: with small groups an interval can sit mostly above its estimate.`,
    '',
    '**W1 (z-scored), noisy group vs clean**',
    '',
    mdTable(['score', ...groups.map((g) => `W1 ${g}`), 'macro W1'], iv.scores.map((s) => [s.label, ...groups.map((g) => cell(s.rows, g, 'w1')), ci(s.macroW1)])),
    '',
    '**AUROC (noisy = positive, lower score = noisier)**',
    '',
    mdTable(['score', ...groups.map((g) => `AUROC ${g}`)], iv.scores.map((s) => [s.label, ...groups.map((g) => cell(s.rows, g, 'auroc'))])),
    '',
    "Does the diffusion score beat the best classical SQI (highest W1 for that noise type)? The paired difference resamples the same leads for both scores.",
    '',
    ...verdicts,
  ];
}

/**
 * Steps between successive SNR levels (high to low) at which the median PSNR of `type` does not
 * fall (strictly), and whether it falls from the clean leads to the highest SNR.
 */
function snrSteps(snr: SnrCheckResult, type: string): { notFalling: string[]; fromClean: boolean } {
  const seq = [...snr.levelsDb]
    .sort((a, b) => b - a)
    .map((l) => ({ label: `${l}`, v: snr.rows.find((r) => r.noiseType === type && r.snrDb === l)?.medianPsnr ?? Number.NaN }));
  return {
    notFalling: seq.slice(1).flatMap((step, i) => (step.v < seq[i].v ? [] : [`${seq[i].label} → ${step.label} dB`])),
    fromClean: seq.length > 0 && seq[0].v < (snr.cleanMedianPsnr ?? Number.NaN),
  };
}

/** One line per noise type: does the median PSNR fall at every SNR step? */
function snrVerdict(snr: SnrCheckResult, type: string): string {
  const { notFalling, fromClean } = snrSteps(snr, type);
  const levels = [...snr.levelsDb].sort((a, b) => b - a).join(' → ');
  return `${type}: median PSNR falls at every SNR step (${levels} dB): ${notFalling.length ? `**no** (not at ${notFalling.join(', ')})` : 'yes'}; clean → ${levels.split(' ')[0]} dB: ${fromClean ? 'falls' : 'does not fall'}.`;
}

/** Issue 10's "done when" targets, each with this run's figure (or the study file's). */
function targetsMarkdown(iv: EvaluationIntervals, snr: SnrCheckResult, seedSpread: string, timing: string): string[] {
  const psnr = iv.scores[0];
  const any = psnr.rows.find((r) => r.group === 'any');
  const yes = (ok: boolean): string => (ok ? 'met' : '**not met**');
  return [
    '## Issue 10 targets',
    '',
    `- Seed spread: ${seedSpread}`,
    ...PAPER_NOISE_TYPES.map((t) => {
      const v = versusBestSqi(iv, t);
      return `- W1 ${t}: PSNR ${f(v.psnr)} vs best SQI (${v.best}) ${f(v.bestW1)}: PSNR ≥ best SQI ${yes(v.wins)}.`;
    }),
    `- Macro W1 ≥ 1.2 (stretch): ${ci(psnr.macroW1)} ${yes((psnr.macroW1?.estimate ?? 0) >= 1.2)}; AUROC any vs clean ≥ 0.80: ${ci(any?.auroc)} ${yes((any?.auroc?.estimate ?? 0) >= 0.8)}.`,
    ...snr.noiseTypes.map((t) => `- SNR check, ${snrVerdict(snr, t)}`),
    `- Scoring time: ${timing}`,
    '',
  ];
}

/** The sampling settings the report scores with, from model.json (engine defaults where a key is absent). */
function settingsMarkdown(raw: Record<string, unknown>, spec: NoiseScorer['spec']): string[] {
  const keys: Array<[string, unknown]> = [
    ['default_t', spec.defaultT],
    ['default_step_interval', spec.defaultStepInterval],
    ['score_draws', spec.scoreDraws],
    ['score_combine', spec.scoreCombine],
    ['scaling_factor', spec.scalingFactor],
  ];
  return [
    '## Sampling settings (model.json)',
    '',
    mdTable(['key', 'value', 'source'], keys.map(([k, v]) => [`\`${k}\``, String(v), k in raw ? 'model.json' : 'engine default (absent from model.json)'])),
    '',
  ];
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Runs the evaluation, sweep and SNR check and builds the markdown and figures (writes nothing). */
export async function buildModelReport(o: ModelReportOptions): Promise<ModelReport> {
  const log = o.log ?? ((): void => undefined);
  const timingsS: Record<string, number> = {};
  const clock = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await work();
    timingsS[name] = (performance.now() - started) / 1000;
    log(`${name}: ${timingsS[name].toFixed(1)} s`);
    return out;
  };
  const scorer = await NoiseScorer.load(o.modelDir, { threads: o.threads });
  try {
    const spec = scorer.spec;
    const defaults = scorer.resolveOptions({ seed: o.seed });
    const half = o.half ?? 'report';
    const sweepHalf = o.sweepHalf ?? 'selection';
    const cache = new Map<string, CachedImage>();
    const evalPrepared = await clock('superlet images (evaluation)', () => prepareSubsetImages(o.subsetDir, spec.inputContract, { limit: o.limit, half, cache, pool: scorer.superletRunner }));
    const evalSetting: SweepSetting = { scheduler: defaults.scheduler, t: defaults.t, stepInterval: defaults.stepInterval };
    const evaluation = await clock('evaluation', () => scoreSetting(scorer, evalPrepared, evalSetting, o.seed));
    const intervals = await clock('bootstrap intervals', () =>
      Promise.resolve(evaluationIntervals(leadGroupsOf(evalPrepared.leads), scoreSeries(evalPrepared.leads, evaluation.psnr), { resamples: o.resamples ?? 1000, seed: o.seed })),
    );
    const sweepPrepared = await clock('superlet images (sweep)', () =>
      prepareSubsetImages(o.subsetDir, spec.inputContract, { limit: Math.min(o.sweepLimit, o.limit), half: sweepHalf, cache, pool: scorer.superletRunner }),
    );
    const sweep = await clock('sweep', () =>
      runSweep(scorer, sweepPrepared, o.sweepSettings, { seed: o.seed, onSetting: (d, n, r) => log(`  sweep ${d}/${n}: ${r.setting.scheduler} t=${r.setting.t} k=${r.setting.stepInterval} ${r.msPerLead.toFixed(1)} ms/lead`) }),
    );
    const snr = await clock('SNR check', () => runSnrCheck(scorer, { subsetDir: o.subsetDir, nstdbDir: o.nstdbDir, nLeads: o.snrLeads, snrLevelsDb: o.snrLevelsDb, seed: o.seed }));

    const rel = (p: string): string => relative(dirname(o.reportPath), p).split('\\').join('/');
    const figDist = join(o.figuresDir, 'psnr-by-label.svg');
    const figSnr = join(o.figuresDir, 'psnr-vs-snr.svg');
    const figSweep = join(o.figuresDir, 'sweep.svg');
    const figCurve = join(o.figuresDir, 'learning-curve.svg');
    const reported = { modelSha256: spec.sha256, unetSha256: spec.graphSha256.unet };
    const studiesDir = o.studiesDir ?? join(ROOT, 'docs/studies');
    const studies = [
      seedSpreadSection(o.seedSpreadPath ?? join(studiesDir, 'seed-spread-report.json'), ROOT, reported),
      learningCurveSection(o.learningCurvePath ?? join(ROOT, 'training/checkpoints/main/learning_curve.csv'), ROOT, figCurve, rel(figCurve)),
      selectionStudiesSection(studiesDir, ROOT, reported),
    ];
    const halfText = (h: SubsetHalf | 'all'): string => (h === 'all' ? 'both halves' : h === 'report' ? 'the report half (odd ecg_id)' : 'the selection half (even ecg_id)');
    const byLabel = ['clean', ...PAPER_NOISE_TYPES].map((label) => ({
      label,
      psnr: evaluation.psnr.filter((_, i) => evalPrepared.leads[i].groups.includes(label)).map((v) => Math.min(v, 100)),
    }));
    const any = evaluation.result.rows.find((r) => r.group === 'any');
    const figures = [
      { file: figDist, svg: psnrDistributionSvg(byLabel, any?.youden?.thresholdDb ?? null, `PSNR per label, fold 9 protocol (${spec.name}, t=${defaults.t} k=${defaults.stepInterval} ${defaults.scheduler})`) },
      { file: figSnr, svg: psnrVsSnrSvg(snr, `Median PSNR vs SNR, NSTDB noise on ${snr.nLeads} clean fold-9 leads`) },
      { file: figSweep, svg: sweepSvg(sweep, `Sampling sweep on ${sweepPrepared.leads.length} lead-segments`) },
      ...studies.flatMap((st) => st.figures),
    ];

    const sweepRows = sweepTableRows(sweep);
    const best = [...sweep].filter((r) => r.result.macroW1 !== null).sort((a, b) => (b.result.macroW1 as number) - (a.result.macroW1 as number))[0];
    const card = spec.raw as Record<string, unknown>;
    const cpus = os.cpus();
    const limitText = (n: number): string => (Number.isFinite(n) ? String(n) : 'none (all)');
    const md = [
      `# Model report: ${spec.name}`,
      '',
      `Generated ${new Date().toISOString()} by \`${o.command}\` at commit ${gitSha()}.`,
      `Hardware: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores visible, ${os.platform()} ${os.arch()}, Node ${process.version}, ONNX Runtime provider \`${scorer.provider}\`${o.threads ? `, ${o.threads} threads` : ''}. ` +
        'The cores may be shared with other work while the report runs, so timings are an upper bound for this CPU.',
      '',
      `Model: \`${relative(ROOT, spec.dir) || spec.dir}\`, configuration \`${String(card.configuration ?? '—')}\`, type ${spec.kind}, model.json sha256 \`${spec.sha256}\`; ` +
        `defaults t = ${spec.defaultT}, step interval ${spec.defaultStepInterval}; seed ${o.seed}; graphs ${Object.entries(spec.graphSha256).map(([k, v]) => `${k} \`${String(v).slice(0, 12)}\``).join(', ')} (sha256 prefixes). Training wall time from model.json: ${card.wall_s_total !== undefined ? `${String(card.wall_s_total)} s` : '—'}.`,
      '',
      `Wall time of this run: ${Object.entries(timingsS).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join('; ')}.`,
      '',
      ...targetsMarkdown(
        intervals,
        snr,
        studies[0].target ?? '—',
        `${f(evaluation.msPerLead, 1)} ms (model) + ${f(evalPrepared.superletMsPerLead, 1)} ms (input contract and superlet) per lead-segment in this run's batch evaluation; the target (≤ 40 ms end to end on this 2-core machine) is measured by \`npm run bench -- inference\`.`,
      ),
      ...settingsMarkdown(card, spec),
      `## Noisy vs clean on fold 9 (paper protocol, ${half === 'all' ? 'all records' : `${half} half`})`,
      '',
      `Records: ${halfText(half)}, the fixed rule of \`subsetHalf\` (engine/eval/subset-eval.ts); sampling settings are studied on the other half. ` +
        `Clean group: clean leads of fold 9; noisy groups: leads labelled ${PAPER_NOISE_TYPES.join(', ')} in folds 1–9 (never trained on: training uses clean leads only). ` +
        `${Number.isFinite(o.limit) ? `At most ${o.limit} leads per group (the first in file order)` : 'Every lead of the protocol in these records, all twelve leads'}: ${evalPrepared.leads.length} lead-segments scored with the model's default sampling: ${defaults.scheduler}, t = ${defaults.t}, step interval ${defaults.stepInterval}, K = ${spec.scoreDraws} draws (${spec.scoreCombine}). ` +
        `A lead is called noisy when PSNR ≤ threshold; AUROC is of −PSNR with noisy as positive; W1 is the z-scored Wasserstein-1 distance as in the paper's code.`,
      '',
      evalTable(evaluation.result),
      '',
      `Macro W1 over the three noise types: **${f(evaluation.result.macroW1)}**. The paper's best macro W1 is 1.308, measured on the full PTB-XL fold 10 (held out here): ours is a smaller fold${Number.isFinite(o.limit) ? ' and a capped slice of it' : ''}, so the numbers are not directly comparable. ` +
        `Clean median PSNR ${f(evaluation.result.medianPsnrClean, 2)} dB. Model time ${f(evaluation.msPerLead, 1)} ms per lead-segment plus ${f(evalPrepared.superletMsPerLead, 1)} ms for the input contract and superlet.`,
      '',
      `![PSNR per label](${rel(figDist)})`,
      '',
      '## PSNR beside the classical SQIs, with bootstrap intervals',
      '',
      ...intervalsMarkdown(intervals),
      '',
      `Reproduce the point estimates (PSNR table and the PSNR/SQI comparison, without intervals): \`node bin/ecgnq.js eval --subset ${relative(ROOT, o.subsetDir)} --half ${half} --model ${relative(ROOT, spec.dir)}${Number.isFinite(o.limit) ? ` --limit ${o.limit}` : ''} --seed ${o.seed}\`.`,
      '',
      '## Sampling sweep (t × step interval)',
      '',
      `${sweepPrepared.leads.length} lead-segments of ${halfText(sweepHalf)} (at most ${limitText(Math.min(o.sweepLimit, o.limit))} per group, the first in file order), seed ${o.seed}. ` +
        `ms/lead is reconstruction + metrics only (the superlet, ${f(evalPrepared.superletMsPerLead, 1)} ms/lead, is computed once per lead and shared by the settings). AUROC and Youden threshold are for all noisy leads vs clean ('any'). The slice is small and not random, so compare the rows with each other rather than with the full evaluation above.`,
      '',
      mdTable(sweepRows.header, sweepRows.rows),
      '',
      best ? `Highest macro W1 in the sweep: ${best.setting.scheduler} t = ${best.setting.t}, interval ${best.setting.stepInterval} (${f(best.result.macroW1)}, ${best.unetCalls} UNet calls, ${f(best.msPerLead, 1)} ms/lead).` : 'No setting produced a macro W1.',
      '',
      `![Sweep](${rel(figSweep)})`,
      '',
      '## Synthetic check with NSTDB noise',
      '',
      `${snr.nLeads} clean fold-9 leads (spread evenly over the fold's clean leads) with MIT-BIH NSTDB baseline wander (bw) and muscle artefact (ma), resampled 360 → ${spec.inputContract.fsHz} Hz, added at each SNR. ` +
        'SNR as in the NSTDB: power of the clean lead over power of the added (mean-removed) noise segment, power = mean square over the 10-s segment (NSTDB\'s `nst` tool estimates signal size from QRS amplitudes instead). One noise segment per lead and noise type (seeded offset), reused at every level; the diffusion noise draw is the clean lead\'s own. ' +
        'Preprocessing: the subset leads are already band-passed and z-scored; the mix goes through the model\'s input contract like every lead in `ecgnq eval --subset` (band-pass 0.5–40 Hz and z-score again), so the clean reference and the mixes are treated the same. ' +
        'That band-pass removes much of bw (mostly below 0.5 Hz); the in-band SNR columns give the SNR after it.',
      '',
      mdTable(
        ['SNR (dB)', ...snr.noiseTypes.flatMap((t) => [`${t} median PSNR (dB)`, `${t} in-band SNR (dB)`])],
        [
          ['clean', ...snr.noiseTypes.flatMap(() => [f(snr.cleanMedianPsnr, 2), '∞'])],
          ...snr.levelsDb.map((level) => [
            String(level),
            ...snr.noiseTypes.flatMap((t) => {
              const row = snr.rows.find((r) => r.noiseType === t && r.snrDb === level);
              return [f(row?.medianPsnr, 2), f(row?.medianInBandSnrDb, 2)];
            }),
          ]),
        ],
      ),
      '',
      `Spearman ρ between nominal SNR and PSNR over all mixes (ties: average ranks): ${snr.noiseTypes.map((t) => `${t} ${f(snr.spearman[t])}`).join(', ')}; both ${f(snr.spearmanAll)}. ` +
        snr.noiseTypes.map((t) => snrVerdict(snr, t)).join(' '),
      '',
      `Reproduce: \`node bin/ecgnq.js snr-check --subset ${relative(ROOT, o.subsetDir)} --nstdb ${relative(ROOT, o.nstdbDir)} --model ${relative(ROOT, spec.dir)} --leads ${o.snrLeads}${o.snrLevelsDb.join(',') === DEFAULT_SNR_LEVELS_DB.join(',') ? '' : ` --snr ${o.snrLevelsDb.join(',')}`} --seed ${o.seed}\`.`,
      '',
      `![PSNR vs SNR](${rel(figSnr)})`,
      '',
      ...studies.flatMap((st) => st.lines),
      '## Other configurations',
      '',
      'The `paper` configuration trained under the same data and budget, side by side with this model on a capped fold-9 slice (separation, size, training steps, scoring cost): [config-comparison.md](config-comparison.md), made by `scripts/compare-configs.ts`.',
      '',
    ].join('\n');
    return { markdown: md, figures, data: { eval: evaluation, evalPrepared, intervals, sweep, sweepLeads: sweepPrepared.leads.length, snr, timingsS } };
  } finally {
    scorer.close();
  }
}

/** Writes the markdown and figures of a built report. */
export function writeModelReport(report: ModelReport, reportPath: string): void {
  mkdirSync(dirname(reportPath), { recursive: true });
  for (const fig of report.figures) {
    mkdirSync(dirname(fig.file), { recursive: true });
    writeFileSync(fig.file, fig.svg);
  }
  writeFileSync(reportPath, report.markdown);
}

function halfOption(value: unknown): SubsetHalf | 'all' {
  const v = String(value);
  if (v !== 'all' && !(SUBSET_HALVES as readonly string[]).includes(v)) {
    throw new Error(`--half/--sweep-half: expected all, ${SUBSET_HALVES.join(' or ')} (got ${v})`);
  }
  return v as SubsetHalf | 'all';
}

function list(value: string): number[] {
  return value.split(',').map((s) => Number(s.trim()));
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('model-report')
    .option('--model <dir>', 'model directory', 'models/default')
    .option('--subset <dir>', 'PTB-XL subset folder', '../shared/data/ptbxl')
    .option('--nstdb <dir>', 'NSTDB folder', '../shared/data/nstdb')
    .option('--limit <n>', 'evaluation: leads per group (default: all)')
    .option('--half <name>', `evaluation records: all, ${SUBSET_HALVES.join(' or ')}`, 'report')
    .option('--sweep-half <name>', `sweep records: all, ${SUBSET_HALVES.join(' or ')}`, 'selection')
    .option('--resamples <n>', 'bootstrap replicates of the intervals', '1000')
    .option('--studies <dir>', 'study outputs (seed-spread-report.json, score studies)', 'docs/studies')
    .option('--learning-curve <file>', 'learning curve CSV', 'training/checkpoints/main/learning_curve.csv')
    .option('--sweep-limit <n>', 'sweep: leads per group', '4')
    .option('--sweep-t <list>', 'sweep start steps', '10,20,30,50,100,250')
    .option('--sweep-intervals <list>', 'sweep DDIM step intervals', '1,10')
    .option('--no-ddpm', 'sweep: skip DDPM')
    .option('--snr-leads <n>', 'SNR check: clean leads', '12')
    .option('--snr <list>', 'SNR levels (dB)', DEFAULT_SNR_LEVELS_DB.join(','))
    .option('--seed <s>', 'diffusion noise seed', '0')
    .option('--threads <n>', 'ONNX Runtime threads')
    .option('--out <file>', 'report path', 'docs/model-report.md')
    .option('--figures <dir>', 'figure folder', 'docs/figures')
    .parse(argv, { from: 'user' });
  const o = program.opts<Record<string, string | boolean | undefined>>();
  const at = (p: unknown): string => resolve(ROOT, String(p));
  const reportPath = at(o.out);
  const started = performance.now();
  const report = await buildModelReport({
    modelDir: at(o.model),
    subsetDir: at(o.subset),
    nstdbDir: at(o.nstdb),
    limit: o.limit === undefined ? Infinity : Number(o.limit),
    half: halfOption(o.half),
    sweepLimit: Number(o.sweepLimit),
    sweepHalf: halfOption(o.sweepHalf),
    resamples: Number(o.resamples),
    studiesDir: at(o.studies),
    learningCurvePath: at(o.learningCurve),
    sweepSettings: sweepGrid(list(String(o.sweepT)), list(String(o.sweepIntervals)), o.ddpm !== false),
    snrLeads: Number(o.snrLeads),
    snrLevelsDb: list(String(o.snr)),
    seed: Number(o.seed),
    threads: o.threads === undefined ? undefined : Number(o.threads),
    command: ['node --import tsx scripts/model-report.ts', ...argv].join(' '),
    reportPath,
    figuresDir: at(o.figures),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  writeModelReport(report, reportPath);
  writeFileSync(join(at(o.figures), 'model-report.json'), `${JSON.stringify({ eval: report.data.eval, intervals: report.data.intervals, sweep: report.data.sweep.map(({ psnr: _p, ...r }) => r), snr: { ...report.data.snr, points: report.data.snr.points }, timingsS: report.data.timingsS }, null, 1)}\n`);
  process.stderr.write(`wrote ${relative(ROOT, reportPath)} and ${report.figures.length} figures in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
