/**
 * `ecgnq eval`: how well PSNR separates noisy from clean lead-segments — per noise type the
 * z-scored W1, AUROC of −PSNR, Youden-optimal threshold and the 24 dB threshold with
 * sensitivity/specificity. Project mode (`--db`) uses stored scores and labels; subset mode
 * (`--subset DIR`) scores the PTB-XL subset's fold-N clean leads and noisy leads directly.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ProjectDb } from '../../engine/db/project-db';
import { EngineError } from '../../engine/errors';
import { evaluateProject, selectParamSet, type LabelSpec } from '../../engine/eval/db-eval';
import { formatEvalTable, type EvalResult } from '../../engine/eval/noise-eval';
import { formatComparisonTable, type SqiEval } from '../../engine/eval/sqi-eval';
import { evaluateSubset, SUBSET_HALVES, type SubsetHalf } from '../../engine/eval/subset-eval';
import { loadModelSpec } from '../../engine/inference/model-spec';
import { NoiseScorer } from '../../engine/inference/scorer';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';
import { createProgress } from '../progress';
import { intFlag, schedulerFlag } from '../flags';

const DEFAULT_MODEL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models/default');

interface EvalCliOptions extends DeviceCliOptions {
  db?: string;
  subset?: string;
  model?: string;
  modelSha?: string;
  labels?: string;
  fold?: string;
  cleanFold?: string;
  dataset?: string;
  limit?: string;
  half?: string;
  t?: string;
  stepInterval?: string;
  scheduler?: string;
  seed?: string;
  threads?: string;
  json?: boolean;
}

/** Project mode: evaluates stored scores. Returns the result and the parameter set used. */
export async function runEvalDb(o: EvalCliOptions & { db: string }): Promise<{ result: EvalResult & { sqi: SqiEval[] }; title: string; params: object }> {
  const modelSha256 = o.modelSha ?? (o.model ? (await loadModelSpec(o.model)).sha256 : undefined);
  const project = ProjectDb.open(o.db, { readonly: true });
  try {
    const params = selectParamSet(project.db, {
      modelSha256,
      t: intFlag('--t', o.t),
      stepInterval: intFlag('--step-interval', o.stepInterval),
      scheduler: schedulerFlag(o.scheduler),
      seed: intFlag('--seed', o.seed),
    });
    const labels = (o.labels ?? 'dataset') as LabelSpec;
    const result = evaluateProject(project.db, params, { labels, cleanFold: intFlag('--clean-fold', o.cleanFold), datasetName: o.dataset });
    const title =
      `model ${params.modelName} (${params.modelSha256.slice(0, 12)}) t=${params.t} k=${params.stepInterval} ${params.scheduler} seed=${params.seed}; ` +
      `labels ${labels}${o.cleanFold ? `; clean group: fold ${o.cleanFold}` : ''}`;
    return { result, title, params };
  } finally {
    project.close();
  }
}

/** Subset mode: scores the protocol's leads of `o.subset` with the model and evaluates. */
export async function runEvalSubset(o: EvalCliOptions & { subset: string }): Promise<{ result: EvalResult & { sqi: SqiEval[] }; title: string; params: object }> {
  const half = (o.half ?? 'all') as SubsetHalf | 'all';
  if (half !== 'all' && !(SUBSET_HALVES as readonly string[]).includes(half)) {
    throw new EngineError('invalid-input', `--half must be all, ${SUBSET_HALVES.join(' or ')}, got "${o.half}"`);
  }
  const scorer = await NoiseScorer.load(o.model ?? DEFAULT_MODEL_DIR, { threads: intFlag('--threads', o.threads), ...parseDeviceOptions(o) });
  printBackendNotice(scorer);
  const fold = intFlag('--fold', o.fold) ?? 9;
  const opts = { t: intFlag('--t', o.t), stepInterval: intFlag('--step-interval', o.stepInterval), scheduler: schedulerFlag(o.scheduler), seed: intFlag('--seed', o.seed) };
  const progress = createProgress('eval', 0);
  try {
    const result = await evaluateSubset(resolve(o.subset), scorer, {
      ...opts,
      fold,
      half,
      limit: intFlag('--limit', o.limit),
      onProgress: (done, total) => {
        progress.setTotal(total);
        progress.tick(1);
      },
    });
    const p = scorer.resolveOptions(opts);
    const title = `subset ${o.subset}${half === 'all' ? '' : ` (${half} half)`}, clean group: fold ${fold}; model ${scorer.spec.name} (${scorer.spec.sha256.slice(0, 12)}) t=${p.t} k=${p.stepInterval} ${p.scheduler} seed=${p.seed}; ${result.nLeadsScored} leads scored`;
    return { result, title, params: { modelName: scorer.spec.name, modelSha256: scorer.spec.sha256, ...p, draws: scorer.spec.scoreDraws, fold, half } };
  } finally {
    progress.stop();
    scorer.close();
  }
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('Evaluate PSNR as a noise detector: per noise type W1 (z-scored), AUROC, Youden and 24 dB thresholds (project --db, or PTB-XL --subset)')
    .option('--db <project>', 'project mode: use the scores and labels stored in this project')
    .option('--subset <dir>', 'subset mode: folder with ptbxl_subset_100hz.npz + ptbxl_subset.csv (scores with --model)')
    .option('--model <dir>', 'model directory (project mode: selects its scores; subset mode: scores with it)')
    .option('--model-sha <sha256>', 'project mode: select scores by model sha256')
    .option('--labels <spec>', "project mode: 'dataset' (each dataset's own labels) or 'annotator:NAME'", 'dataset')
    .option('--clean-fold <n>', 'project mode: clean group only from records with this strat_fold')
    .option('--dataset <name>', 'project mode: only this dataset')
    .option('--fold <n>', 'subset mode: fold whose clean leads form the clean group', '9')
    .option('--limit <n>', 'subset mode: at most n leads per group')
    .option('--half <name>', 'subset mode: all, selection (even ecg_id) or report (odd ecg_id) records', 'all')
    .option('--t <t>', 'diffusion start step')
    .option('--step-interval <k>', 'reverse step interval')
    .option('--scheduler <name>', 'ddim or ddpm')
    .option('--seed <s>', 'noise seed')
    .option('--threads <n>', 'subset mode: ONNX Runtime threads')
    .option('--json', 'print JSON instead of a table')
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .action(async (o: EvalCliOptions) => {
      if ((o.db === undefined) === (o.subset === undefined)) {
        throw new EngineError('invalid-input', 'give exactly one of --db <project> or --subset <dir>');
      }
      const { result, title, params } = o.db !== undefined ? await runEvalDb({ ...o, db: o.db }) : await runEvalSubset({ ...o, subset: o.subset as string });
      const text = `${formatEvalTable(result, title)}\n\nThe same segments, PSNR beside the classical SQIs (W1 z-scored; AUROC with each index's noisy end):\n${formatComparisonTable(result, result.sqi)}\n`;
      process.stdout.write(o.json ? `${JSON.stringify({ params, ...result }, null, 2)}\n` : text);
    });
}
