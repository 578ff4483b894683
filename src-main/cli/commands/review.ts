/**
 * `ecgnq review --db project.sqlite`: the review queue the workstation's Review view shows — scored
 * segments whose label disagrees with the PSNR at a threshold, strongest disagreement first.
 */
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors';
import { PAPER_THRESHOLD_DB } from '../../../src-shared/psnr';
import { segmentFilterSchema } from '../../../src-shared/ipc-contract';
import type { SegmentFilter, SegmentRow } from '../../../src-shared/types';
import { intFlag, numberFlag, type SamplingCliOptions } from '../flags';
import { openProject, scoreSetOf } from '../project';

interface ReviewCliOptions extends SamplingCliOptions {
  db: string;
  threshold: string;
  filter?: string;
  limit?: string;
  model?: string;
  modelSha?: string;
  json?: boolean;
}

/** Parses `--filter` (a JSON segment filter, as the workstation's table sends it). */
function filterFlag(value: string | undefined): SegmentFilter {
  if (value === undefined) {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    throw new EngineError('invalid-input', `--filter must be JSON (e.g. '{"labels":["clean"]}'): ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = segmentFilterSchema.safeParse(json);
  if (!parsed.success) {
    throw new EngineError('invalid-input', `--filter: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(filter)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The queue's rows for the flags. */
export async function runReview(o: ReviewCliOptions): Promise<SegmentRow[]> {
  const thresholdDb = numberFlag('--threshold', o.threshold);
  const model = openProject(o.db);
  try {
    // An unscored project has an empty queue, as in the workstation.
    const modelId = model.models().length === 0 ? undefined : (await scoreSetOf(model, o, o.model)).id;
    return model.reviewQueue({ modelId, thresholdDb, filter: filterFlag(o.filter), limit: intFlag('--limit', o.limit, 1) });
  } finally {
    model.close();
  }
}

export function register(program: Command): void {
  program
    .command('review')
    .description('List the review queue: scored segments whose label disagrees with PSNR at a threshold, strongest first')
    .requiredOption('--db <project>', 'project database')
    .option('--threshold <dB>', 'PSNR threshold (at or below: predicted noisy)', String(PAPER_THRESHOLD_DB))
    .option('--filter <json>', `only segments matching a segment filter, e.g. '{"datasetIds":[1],"leads":["II"]}'`)
    .option('--limit <n>', 'at most n segments')
    .option('--model <dir>', "model whose scores to use (default: the project's default)")
    .option('--model-sha <sha256>', 'select scores by model sha256')
    .option('--t <t>', 'select scores by t')
    .option('--step-interval <k>', 'select scores by step interval')
    .option('--scheduler <name>', 'select scores by scheduler')
    .option('--seed <s>', 'select scores by seed')
    .option('--json', 'print the rows as JSON')
    .action(async (o: ReviewCliOptions) => {
      const rows = await runReview(o);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      process.stdout.write('segment_id\trecord\tlead\twindow\tpsnr_db\tlabels\n');
      for (const r of rows) {
        process.stdout.write(`${r.id}\t${r.record}\t${r.lead}\t${r.index}\t${r.psnr?.toFixed(2) ?? ''}\t${r.currentLabels.join('+') || 'unlabelled'}\n`);
      }
    });
}
