/**
 * `ecgnq eval`: how well PSNR separates noisy from clean lead-segments — per noise type the
 * z-scored W1, AUROC of −PSNR, Youden-optimal threshold and the 24 dB threshold with
 * sensitivity/specificity. Project mode (`--db`) evaluates stored scores and labels through the
 * project model (the workstation's numbers); subset mode (`--subset DIR`) scores the PTB-XL
 * subset's fold-N clean leads and noisy leads directly.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors';
import { formatEvalTable } from '../../engine/eval/noise-eval';
import { formatComparisonTable } from '../../engine/eval/sqi-eval';
import { evaluateSubset, SUBSET_HALVES } from '../../engine/eval/subset-eval';
import { NoiseScorer } from '../../engine/inference/scorer';
import { DEFAULT_MODEL_DIR } from '../../engine/package-info';
import { parseLabelSpec } from '../../engine/project/evaluation';
import type { EvalResult, SqiEval } from '../../../src-shared/types';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';
import { choiceFlag, intFlag, samplingFlags, type SamplingCliOptions } from '../flags';
import { createProgress } from '../progress';
import { datasetIdOf, openProject, scoreSetOf } from '../project';

interface EvalCliOptions extends SamplingCliOptions, DeviceCliOptions {
  db?: string;
  subset?: string;
  model?: string;
  modelSha?: string;
  labels?: string;
  fold: string;
  cleanFold?: string;
  dataset?: string;
  limit?: string;
  half: string;
  threads?: string;
  json?: boolean;
}

/** What either mode returns: the evaluation (PSNR and the classical SQIs), a title and the parameters used. */
interface EvalRun {
  result: EvalResult & { sqi: SqiEval[] };
  title: string;
  params: object;
}

/** Project mode: evaluates stored scores. */
export async function runEvalDb(o: EvalCliOptions & { db: string }): Promise<EvalRun> {
  const labels = parseLabelSpec(o.labels);
  const cleanFold = intFlag('--clean-fold', o.cleanFold);
  const model = openProject(o.db);
  try {
    const set = await scoreSetOf(model, o, o.model);
    const filter = o.dataset === undefined ? {} : { datasetIds: [datasetIdOf(model, o.dataset)] };
    const { nClean, medianPsnrClean, rows, macroW1, sqi } = model.evaluate({ modelId: set.id, labels, cleanFold, filter });
    const title =
      `model ${set.name} (${set.sha256.slice(0, 12)}) t=${set.t} k=${set.stepInterval} ${set.scheduler} seed=${set.seed}; ` +
      `labels ${labels}${cleanFold !== undefined ? `; clean group: fold ${cleanFold}` : ''}`;
    const params = { modelName: set.name, modelSha256: set.sha256, t: set.t, stepInterval: set.stepInterval, scheduler: set.scheduler, seed: set.seed };
    return { result: { nClean, medianPsnrClean, rows, macroW1, sqi }, title, params };
  } finally {
    model.close();
  }
}

/** Subset mode: scores the protocol's leads of `o.subset` with the model and evaluates. */
export async function runEvalSubset(o: EvalCliOptions & { subset: string }): Promise<EvalRun> {
  const half = choiceFlag('--half', o.half, ['all', ...SUBSET_HALVES] as const) ?? 'all';
  const scorer = await NoiseScorer.load(o.model ?? DEFAULT_MODEL_DIR, { threads: intFlag('--threads', o.threads, 1), ...parseDeviceOptions(o) });
  printBackendNotice(scorer);
  const fold = intFlag('--fold', o.fold);
  const sampling = samplingFlags(o);
  const progress = createProgress('eval', 0);
  try {
    const result = await evaluateSubset(resolve(o.subset), scorer, {
      ...sampling,
      fold,
      half,
      limit: intFlag('--limit', o.limit, 1),
      onProgress: (done, total) => {
        progress.setTotal(total);
        progress.tick(1);
      },
    });
    const p = scorer.resolveOptions(sampling);
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
    .option('--labels <spec>', "project mode: 'current' (annotators' labels over the datasets', as the workstation), 'dataset' or 'annotator:NAME'", 'current')
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
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .option('--json', 'print JSON instead of a table')
    .action(async (o: EvalCliOptions) => {
      if ((o.db === undefined) === (o.subset === undefined)) {
        throw new EngineError('invalid-input', 'give exactly one of --db <project> or --subset <dir>');
      }
      const { result, title, params } = o.db !== undefined ? await runEvalDb({ ...o, db: o.db }) : await runEvalSubset({ ...o, subset: o.subset as string });
      const text = `${formatEvalTable(result, title)}\n\nThe same segments, PSNR beside the classical SQIs (W1 z-scored; AUROC with each index's noisy end):\n${formatComparisonTable(result, result.sqi)}\n`;
      process.stdout.write(o.json ? `${JSON.stringify({ params, ...result }, null, 2)}\n` : text);
    });
}
