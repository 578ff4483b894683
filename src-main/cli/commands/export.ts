/**
 * `ecgnq export <scores|refined|labels> --db project.sqlite`: the reference per-record score CSV,
 * the paper's refined clean subset (top fraction by PSNR), and current labels + audit log.
 */
import type { Command } from 'commander';
import { ProjectDb } from '../../engine/db/project-db';
import { EngineError } from '../../engine/errors';
import { selectParamSet, type ParamQuery } from '../../engine/eval/db-eval';
import { exportCurrentLabels, exportLabelAudit } from '../../engine/exports/labels';
import { exportReference, type ScoreMetric } from '../../engine/exports/reference';
import { exportRefined, type RefineGroup } from '../../engine/exports/refined';
import { loadModelSpec } from '../../engine/inference/model-spec';
import { intFlag } from '../flags';

interface ExportCliOptions {
  db: string;
  out?: string;
  format?: string;
  metric?: string;
  labels?: string;
  dataset?: string;
  model?: string[];
  modelSha?: string;
  t?: string;
  stepInterval?: string;
  scheduler?: string;
  seed?: string;
  top?: string;
  by?: string;
  audit?: string;
  source?: string;
}

async function paramQuery(o: ExportCliOptions, modelDir?: string): Promise<ParamQuery> {
  return {
    modelSha256: o.modelSha ?? (modelDir ? (await loadModelSpec(modelDir)).sha256 : undefined),
    t: intFlag('--t', o.t),
    stepInterval: intFlag('--step-interval', o.stepInterval),
    scheduler: o.scheduler,
    seed: intFlag('--seed', o.seed),
  };
}

/** Runs one export; returns a one-line summary for stderr. */
export async function runExport(what: string, o: ExportCliOptions): Promise<string> {
  const project = ProjectDb.open(o.db, { readonly: true });
  const out = o.out ?? null;
  try {
    if (what === 'scores') {
      if ((o.format ?? 'reference') !== 'reference') {
        throw new EngineError('invalid-input', `--format must be 'reference', got '${o.format}'`);
      }
      const metric = (o.metric ?? 'psnr') as ScoreMetric;
      if (!['psnr', 'ssim', 'mse', 'mae'].includes(metric)) {
        throw new EngineError('invalid-input', `--metric must be psnr, ssim, mse or mae, got '${metric}'`);
      }
      const params = selectParamSet(project.db, await paramQuery(o, o.model?.[0]));
      const r = exportReference(project.db, params, out, { metric, labels: o.labels, datasetName: o.dataset });
      if (out === null) {
        process.stdout.write(r.text);
      }
      return `exported ${r.rows} records (${metric}, model ${params.modelName} t=${params.t} k=${params.stepInterval})`;
    }
    if (what === 'refined') {
      const top = Number(o.top ?? '0.5');
      const groups: RefineGroup[] = [];
      if (o.by === 'noise-type') {
        for (const spec of o.model ?? []) {
          const m = /^([a-z_]+)=(.+)$/.exec(spec);
          if (!m) {
            throw new EngineError('invalid-input', `with --by noise-type give --model TYPE=DIR (e.g. static_noise=models/static), got '${spec}'`);
          }
          groups.push({ name: m[1], params: selectParamSet(project.db, await paramQuery(o, m[2])) });
        }
        if (groups.length === 0) {
          throw new EngineError('invalid-input', '--by noise-type needs one --model TYPE=DIR per noise-type model');
        }
      } else if (o.by === undefined) {
        const params = selectParamSet(project.db, await paramQuery(o, o.model?.[0]));
        groups.push({ name: params.modelName, params });
      } else {
        throw new EngineError('invalid-input', `--by must be 'noise-type', got '${o.by}'`);
      }
      const r = exportRefined(project.db, groups, out, { top, labels: o.labels, datasetName: o.dataset });
      if (out === null) {
        process.stdout.write(r.text);
      }
      return r.summary.map((s) => `${s.group}: kept ${s.kept} of ${s.cleanScored} clean scored segments (PSNR ≥ ${s.minKeptPsnr?.toFixed(2) ?? '—'} dB)`).join('\n');
    }
    if (what === 'labels') {
      const current = exportCurrentLabels(project.db, out, o.source);
      if (out === null) {
        process.stdout.write(current.text);
      }
      const auditPath = o.audit ?? (out ? out.replace(/(\.csv)?$/i, '-audit.csv') : null);
      const audit = auditPath ? exportLabelAudit(project.db, auditPath) : null;
      return `exported ${current.rows} current labels${audit ? `, ${audit.rows} audit events to ${auditPath}` : ''}`;
    }
    throw new EngineError('invalid-input', `unknown export '${what}' (scores, refined, labels)`);
  } finally {
    project.close();
  }
}

export function register(program: Command): void {
  program
    .command('export')
    .description('Export from a project: scores (reference per-record layout), refined (top clean fraction by PSNR), labels (current + audit log)')
    .argument('<what>', 'scores | refined | labels')
    .requiredOption('--db <project>', 'project database')
    .option('--out <file>', 'output CSV (default: stdout)')
    .option('--format <name>', 'scores: output layout', 'reference')
    .option('--metric <name>', 'scores: psnr, ssim, mse or mae', 'psnr')
    .option('--labels <spec>', "label source: 'dataset' or 'annotator:NAME'", 'dataset')
    .option('--dataset <name>', 'only this dataset')
    .option('--model <dir>', 'model whose scores to use (refined --by noise-type: TYPE=DIR, repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--model-sha <sha256>', 'select scores by model sha256')
    .option('--t <t>', 'select scores by t')
    .option('--step-interval <k>', 'select scores by step interval')
    .option('--scheduler <name>', 'select scores by scheduler')
    .option('--seed <s>', 'select scores by seed')
    .option('--top <fraction>', 'refined: fraction of clean segments to keep', '0.5')
    .option('--by <grouping>', "refined: 'noise-type' (one model per noise type)")
    .option('--audit <file>', 'labels: audit-log CSV (default: <out>-audit.csv)')
    .option('--source <source>', 'labels: only this label source')
    .action(async (what: string, o: ExportCliOptions) => {
      process.stderr.write(`${await runExport(what, o)}\n`);
    });
}
