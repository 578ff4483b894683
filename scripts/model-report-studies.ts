/**
 * Sections of the model report that read study outputs written by other scripts, when present:
 * the seed spread (scripts/seed-spread.ts), the learning curve (training/learning_curve.py) and the
 * score studies on the selection half (training/score_study.py). Each section names its command.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { learningCurveSvg, type LearningCurveRow } from './model-report-charts';

/** Identity of the model the report is about (to flag studies of another model). */
export interface ReportedModel {
  modelSha256: string;
  unetSha256: string;
}

/** A section's markdown lines and the figures it adds. */
export interface StudySection {
  lines: string[];
  figures: Array<{ file: string; svg: string }>;
  /** One-line verdict for the report's targets list, where the section has one. */
  target?: string;
}

const f = (v: unknown, digits = 3): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');

function mdTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Seed spread of the report half (`docs/studies/seed-spread-report.json`). */
export function seedSpreadSection(path: string, root: string, model: ReportedModel): StudySection {
  const command = `node --import tsx scripts/seed-spread.ts --half report --seeds 10 --json ${relative(root, path)}`;
  const lines = ['## Seed spread (report half)', ''];
  const data = readJson(path);
  if (!data) {
    lines.push(`Not measured yet: \`${relative(root, path)}\` is missing. Produce it with \`${command}\`.`, '');
    return { lines, figures: [], target: `not measured (\`${command}\`).` };
  }
  const other = data.modelSha256 !== model.modelSha256;
  const met = Number(data.medianDb) <= 0.2 && Number(data.maxDb) <= 0.5;
  lines.push(
    `Per-lead PSNR spread (max − min over global seeds 0–${Number(data.seeds) - 1}) on ${String(data.leads)} lead-segments of the ${String(data.half)} half, ` +
      `model \`${String(data.model)}\` with K = ${String(data.draws)} draws: median **${f(data.medianDb)} dB**, p95 ${f(data.p95Db)} dB, max **${f(data.maxDb)} dB** ` +
      `(model time ${f(data.modelMsPerLeadSegmentPerSeed, 1)} ms per lead-segment and seed).`,
    '',
    `Issue 10's target (median ≤ 0.2 dB, max ≤ 0.5 dB per lead-segment): ${met ? 'met' : 'not met'}.` +
      (other ? ` **These figures are of another model.json (sha256 ${String(data.modelSha256).slice(0, 12)}), not the one reported here; regenerate them.**` : ''),
    '',
    `Made by \`${command}\` (the report's setting: every lead of the report half, 10 seeds; this file holds ${String(data.leads)} lead-segments and ${String(data.seeds)} seeds).`,
    '',
  );
  const target = `median ${f(data.medianDb)} dB, max ${f(data.maxDb)} dB over ${String(data.seeds)} seeds (target ≤ 0.2 / ≤ 0.5 dB): ${met ? 'met' : '**not met**'}${other ? ' — measured on another model.json, regenerate' : ''}.`;
  return { lines, figures: [], target };
}

/** Parses learning_curve.csv (header row, numeric columns). */
export function parseLearningCurve(text: string): LearningCurveRow[] {
  const [head, ...rows] = text.trim().split(/\r?\n/);
  const names = head.split(',').map((s) => s.trim());
  return rows
    .filter((r) => r.trim() !== '')
    .map((r) => {
      const cells = r.split(',');
      return Object.fromEntries(names.map((n, i) => [n, Number(cells[i])])) as unknown as LearningCurveRow;
    });
}

/** Learning curve of the training run (report-half W1 and AUROC per EMA snapshot). */
export function learningCurveSection(path: string, root: string, figurePath: string, figureLink: string): StudySection {
  const command = `python -m training.learning_curve --run=${relative(root, join(path, '..'))} --variant='{"t": …}' --half=report --out=${relative(root, path)}`;
  const lines = ['## Learning curve (report half)', ''];
  if (!existsSync(path)) {
    lines.push(`No learning curve yet: \`${relative(root, path)}\` is missing. Produce it with \`${command}\` (the variant is the shipped sampling setting).`, '');
    return { lines, figures: [] };
  }
  const rows = parseLearningCurve(readFileSync(path, 'utf8'));
  const last = rows[rows.length - 1];
  lines.push(
    `The shipped sampling setting scored with each EMA snapshot of \`${relative(root, join(path, '..'))}\` (PyTorch, seed 0) on the report half; ` +
      `cumulative training time = autoencoder wall + latent encoding + UNet wall, on this machine's CPU. ` +
      (last ? `Last row: step ${last.step}, ${f(last.cumulative_train_s / 3600, 2)} h, macro W1 ${f(last.macro_w1)}, AUROC ${f(last.auroc_any)}.` : 'The file has no rows.'),
    '',
    mdTable(
      ['step', 'UNet wall (h)', 'cumulative (h)', 'W1 static', 'W1 burst', 'W1 drift', 'macro W1', 'AUROC any', 'clean median (dB)'],
      rows.map((r) => [
        String(r.step),
        f(r.unet_wall_s / 3600, 2),
        f(r.cumulative_train_s / 3600, 2),
        f(r.w1_static_noise),
        f(r.w1_burst_noise),
        f(r.w1_baseline_drift),
        f(r.macro_w1),
        f(r.auroc_any),
        f(r.median_clean_db, 2),
      ]),
    ),
    '',
    `Produced by \`${command}\`.`,
    '',
  );
  const figures = rows.length ? [{ file: figurePath, svg: learningCurveSvg(rows, 'Report-half W1 and AUROC vs cumulative training time') }] : [];
  if (figures.length) {
    lines.push(`![Learning curve](${figureLink})`, '');
  }
  return { lines, figures };
}

interface StudyResult {
  t: number;
  interval: number;
  draws: number;
  combine: string;
  antithetic?: boolean;
  global: Record<string, number>;
  min_local: Record<string, number>;
  spread_db: Record<string, number>;
  artefacts?: Record<string, { median_drop_db: number }>;
}

const ARTEFACT_KINDS = ['em_proxy', 'ma', 'bw', 'mitdb_em_proxy'];

function studyTable(results: StudyResult[]): string {
  return mdTable(
    ['t', 'k', 'K', 'combine', 'clean dB', 'W1 static', 'W1 burst', 'W1 drift', 'macro W1', 'AUROC', 'min-local macro W1', 'min-local AUROC', 'spread median / max dB', 'drop em-proxy / ma / bw / MIT-BIH em-proxy dB'],
    results.map((r) => [
      String(r.t),
      String(r.interval),
      `${r.draws}${r.antithetic ? ' anti' : ''}`,
      r.combine,
      f(r.global.median_clean_db, 2),
      f(r.global.w1_static_noise),
      f(r.global.w1_burst_noise),
      f(r.global.w1_baseline_drift),
      f(r.global.macro_w1),
      f(r.global.auroc_any),
      f(r.min_local.macro_w1),
      f(r.min_local.auroc_any),
      `${f(r.spread_db.median)} / ${f(r.spread_db.max)}`,
      r.artefacts ? ARTEFACT_KINDS.map((k) => f(r.artefacts?.[k]?.median_drop_db, 2)).join(' / ') : '—',
    ]),
  );
}

/** Score studies (`training/score_study.py` JSON outputs in `dir`), the selection-half ones. */
export function selectionStudiesSection(dir: string, root: string, model: ReportedModel): StudySection {
  const lines = ['## Score studies (selection half)', ''];
  const files = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : [];
  const studies = files
    .map((name) => ({ name, data: readJson(join(dir, name)) }))
    .filter((s) => s.data && Array.isArray(s.data.results) && s.data.half === 'selection');
  const rel = relative(root, dir);
  if (studies.length === 0) {
    lines.push(`No score study of the selection half in \`${rel}\`. Produce one with \`python -m training.score_study --model=models/default --half=selection --out=${rel}/<name>-selection.json\`.`, '');
    return { lines, figures: [] };
  }
  lines.push(
    'The sampling settings were chosen on the **selection half** (even ecg_id) with these studies; the figures above are on the report half (odd ecg_id), which no choice looked at. ' +
      'Columns as `training/score_study.py` prints them: t, DDIM step interval k, draws K and how they combine, median clean PSNR, W1 per noise type, macro W1, AUROC (any noise vs clean) of global PSNR and of the minimum local PSNR, per-lead spread over seeds, and the median PSNR drop under synthetic artefacts.',
    '',
  );
  for (const { name, data } of studies) {
    const d = data as Record<string, unknown>;
    const groups = d.groups as Record<string, number> | undefined;
    const other = d.model_sha !== model.unetSha256;
    lines.push(
      `### ${name}`,
      '',
      `Model \`${String(d.model)}\` (UNet sha256 ${String(d.model_sha).slice(0, 12)}${other ? ', **not the UNet reported here**' : ', the UNet reported here'}), ${String(d.leads)} leads` +
        (groups ? ` (${Object.entries(groups).map(([k, v]) => `${k} ${v}`).join(', ')})` : '') +
        `. Produced by \`python -m training.score_study --model=${String(d.model)} --half=selection --out=${rel}/${name}\`.`,
      '',
      studyTable(d.results as StudyResult[]),
      '',
    );
  }
  return { lines, figures: [] };
}
