/**
 * `ecgnq export scores|refined|labels --db project.sqlite`: the project's exports (the workstation's
 * Export view writes the same bytes): reference-layout scores, the refined training subset (top
 * fraction of clean segments by PSNR), and current labels + the label audit log.
 */
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors';
import type { ScoreMetric } from '../../engine/exports/reference';
import { parseLabelSpec } from '../../engine/project/evaluation';
import { exportProject, type ProjectExportOptions } from '../../engine/project/project-exports';
import type { ProjectModel } from '../../engine/project/project-model';
import { choiceFlag, fractionFlag, type SamplingCliOptions } from '../flags';
import { datasetIdOf, openProject, scoreSetOf } from '../project';

interface ExportCliOptions extends SamplingCliOptions {
  db: string;
  out?: string;
  format?: string;
  metric?: string;
  labels?: string;
  dataset?: string;
  model?: string[];
  modelSha?: string;
  top?: string;
  by?: string;
  audit?: string;
  source?: string;
}

const METRICS: readonly ScoreMetric[] = ['psnr', 'ssim', 'mse', 'mae'];

/** The engine's options for `ecgnq export <what>` (resolving --model folders to stored scores). */
async function exportOptions(what: 'scores' | 'refined', model: ProjectModel, o: ExportCliOptions): Promise<ProjectExportOptions> {
  if (what === 'scores') {
    choiceFlag('--format', o.format, ['reference']);
    const metric = choiceFlag('--metric', o.metric, METRICS);
    return {
      kind: 'scores',
      modelId: (await scoreSetOf(model, o, o.model?.[0])).id,
      metric,
      labels: parseLabelSpec(o.labels ?? 'dataset'),
      datasetName: o.dataset,
    };
  }
  const filter = o.dataset === undefined ? undefined : { datasetIds: [datasetIdOf(model, o.dataset)] };
  const options: ProjectExportOptions = { kind: 'refined', top: fractionFlag('--top', o.top), labels: parseLabelSpec(o.labels), filter };
  if (choiceFlag('--by', o.by, ['noise-type']) === 'noise-type') {
    const byNoiseType = new Map<string, string>();
    for (const spec of o.model ?? []) {
      const m = /^([a-z_]+)=(.+)$/.exec(spec);
      if (!m) {
        throw new EngineError('invalid-input', `with --by noise-type give --model TYPE=DIR (e.g. static_noise=models/static), got '${spec}'`);
      }
      byNoiseType.set(m[1], (await scoreSetOf(model, o, m[2])).id);
    }
    if (byNoiseType.size === 0) {
      throw new EngineError('invalid-input', '--by noise-type needs one --model TYPE=DIR per noise-type model');
    }
    return { ...options, byNoiseType };
  }
  return { ...options, modelId: (await scoreSetOf(model, o, o.model?.[0])).id };
}

/** Runs one export to `o.out` (stdout when absent); returns the lines for stderr. */
export async function runExport(what: string, o: ExportCliOptions): Promise<string> {
  const kind = choiceFlag('export', what, ['scores', 'refined', 'labels'] as const);
  const model = openProject(o.db);
  const out = o.out ?? null;
  try {
    if (kind === 'labels') {
      const current = exportProject(model, { kind: 'labels', source: o.source }, out);
      const auditPath = o.audit ?? (out ? out.replace(/(\.csv)?$/i, '-audit.csv') : null);
      const audit = auditPath ? exportProject(model, { kind: 'audit' }, auditPath) : null;
      if (out === null) {
        process.stdout.write(current.text);
      }
      return `${current.summary}${audit ? `, ${audit.rows} audit events to ${auditPath}` : ''}`;
    }
    const result = exportProject(model, await exportOptions(kind ?? 'scores', model, o), out);
    if (out === null) {
      process.stdout.write(result.text);
    }
    return result.summary;
  } finally {
    model.close();
  }
}

export function register(program: Command): void {
  program
    .command('export')
    .description('Export from a project: scores (reference per-record layout), refined (top clean fraction by PSNR), labels (current + audit log)')
    .argument('<what>', 'scores | refined | labels')
    .requiredOption('--db <project>', 'project database')
    .option('--out <file>', 'output CSV (default: stdout)')
    .option('--format <name>', 'scores: output layout (reference)')
    .option('--metric <name>', 'scores: psnr, ssim, mse or mae (default psnr)')
    .option('--labels <spec>', "whose labels: 'current' (refined default), 'dataset' (scores default) or 'annotator:NAME'")
    .option('--dataset <name>', 'scores, refined: only this dataset')
    .option('--model <dir>', 'model whose scores to use (refined --by noise-type: TYPE=DIR, repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--model-sha <sha256>', 'select scores by model sha256')
    .option('--t <t>', 'select scores by t')
    .option('--step-interval <k>', 'select scores by step interval')
    .option('--scheduler <name>', 'select scores by scheduler')
    .option('--seed <s>', 'select scores by seed')
    .option('--top <fraction>', 'refined: fraction of clean scored segments to keep (default 0.5)')
    .option('--by <grouping>', "refined: 'noise-type' (one model per noise type)")
    .option('--audit <file>', 'labels: audit-log CSV (default: <out>-audit.csv)')
    .option('--source <source>', 'labels: only this label source')
    .action(async (what: string, o: ExportCliOptions) => {
      process.stderr.write(`${await runExport(what, o)}\n`);
    });
}
