/**
 * `ecgnq sweep`: scores the PTB-XL subset's protocol leads (as `ecgnq eval --subset`) under a grid
 * of sampling settings — DDIM t × step interval and DDPM t — and prints macro W1, AUROC and model
 * time per lead-segment for each. Superlet images are computed once and shared by all settings.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { prepareSubsetImages } from '../../engine/eval/sweep-images';
import { formatSweepTable, runSweep, sweepGrid } from '../../engine/eval/sweep';
import { NoiseScorer } from '../../engine/inference/scorer';
import { DEFAULT_MODEL_DIR } from '../../engine/package-info';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';
import { intFlag, intListFlag } from '../flags';
import { createProgress } from '../progress';

interface SweepCliOptions extends DeviceCliOptions {
  subset: string;
  model?: string;
  fold: string;
  limit?: string;
  t: string;
  intervals: string;
  ddpm: boolean;
  seed: string;
  threads?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('sweep')
    .description('Sweep diffusion sampling settings (DDIM t × step interval, DDPM t) on the PTB-XL subset: macro W1, AUROC, ms per lead-segment')
    .requiredOption('--subset <dir>', 'folder with ptbxl_subset_100hz.npz + ptbxl_subset.csv')
    .option('--model <dir>', 'model directory (default models/default)')
    .option('--fold <n>', 'fold whose clean leads form the clean group', '9')
    .option('--limit <n>', 'at most n leads per group (clean and each noise type)')
    .option('--t <list>', 'start steps t', '10,20,30,50,100,250')
    .option('--intervals <list>', 'DDIM step intervals', '1,10')
    .option('--no-ddpm', 'skip the DDPM rows')
    .option('--seed <s>', 'diffusion noise seed', '0')
    .option('--threads <n>', 'ONNX Runtime threads')
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .option('--json', 'print JSON (settings, evaluations, PSNRs) instead of a table')
    .action(async (o: SweepCliOptions) => {
      const fold = intFlag('--fold', o.fold);
      const seed = intFlag('--seed', o.seed, Number.MIN_SAFE_INTEGER);
      const limit = intFlag('--limit', o.limit, 1);
      const threads = intFlag('--threads', o.threads, 1);
      const settings = sweepGrid(intListFlag('--t', o.t), intListFlag('--intervals', o.intervals, 1), o.ddpm);
      const scorer = await NoiseScorer.load(o.model ?? DEFAULT_MODEL_DIR, { threads, ...parseDeviceOptions(o) });
      printBackendNotice(scorer);
      const progress = createProgress('sweep', settings.length);
      try {
        const prepared = await prepareSubsetImages(resolve(o.subset), scorer.spec.inputContract, { fold, limit, pool: scorer.superletRunner });
        const results = await runSweep(scorer, prepared, settings, { seed, onSetting: () => progress.tick(1) });
        progress.stop();
        const title =
          `subset ${o.subset}, fold ${fold}, ${prepared.leads.length} lead-segments (limit ${limit ?? 'none'} per group); model ${scorer.spec.name} ` +
          `(${scorer.spec.sha256.slice(0, 12)}) seed=${seed}; superlet ${prepared.superletMsPerLead?.toFixed(1) ?? '—'} ms/lead (not in ms/lead below)`;
        process.stdout.write(
          o.json
            ? `${JSON.stringify({ model: scorer.spec.name, modelSha256: scorer.spec.sha256, fold, limit: limit ?? null, superletMsPerLead: prepared.superletMsPerLead, results }, null, 2)}\n`
            : `${formatSweepTable(results, title)}\n`,
        );
      } finally {
        progress.stop();
        scorer.close();
      }
    });
}
