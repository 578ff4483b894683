/**
 * `ecgnq snr-check`: adds real NSTDB noise (baseline wander, muscle artefact) to clean fold-N
 * leads of the PTB-XL subset at known SNRs, scores the mixes and prints the median PSNR per SNR
 * level and noise type with the Spearman correlation between SNR and PSNR.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors';
import { DEFAULT_SNR_LEVELS_DB, formatSnrTable, runSnrCheck } from '../../engine/eval/snr-check';
import { NoiseScorer } from '../../engine/inference/scorer';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';
import { createProgress } from '../progress';

const DEFAULT_MODEL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models/default');

interface SnrCliOptions extends DeviceCliOptions {
  subset: string;
  nstdb: string;
  model?: string;
  fold: string;
  leads: string;
  snr: string;
  noise: string;
  noiseSeed: string;
  t?: string;
  stepInterval?: string;
  scheduler?: string;
  seed: string;
  threads?: string;
  json?: boolean;
}

function int(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new EngineError('invalid-input', `${name} must be an integer ≥ ${min}, got '${value}'`);
  }
  return n;
}

export function register(program: Command): void {
  program
    .command('snr-check')
    .description('Add NSTDB bw/ma noise to clean PTB-XL subset leads at known SNRs; median PSNR per SNR and Spearman ρ(SNR, PSNR)')
    .requiredOption('--subset <dir>', 'folder with ptbxl_subset_100hz.npz + ptbxl_subset.csv')
    .requiredOption('--nstdb <dir>', 'folder with the NSTDB records bw and ma (WFDB)')
    .option('--model <dir>', 'model directory (default models/default)')
    .option('--fold <n>', 'fold whose clean leads are corrupted', '9')
    .option('--leads <n>', 'clean leads to corrupt (spread over the fold)', '24')
    .option('--snr <list>', 'SNR levels, dB', DEFAULT_SNR_LEVELS_DB.join(','))
    .option('--noise <list>', 'NSTDB noise records', 'bw,ma')
    .option('--noise-seed <s>', 'seed of the noise segment offsets', '0')
    .option('--t <t>', 'diffusion start step')
    .option('--step-interval <k>', 'reverse step interval')
    .option('--scheduler <name>', 'ddim or ddpm')
    .option('--seed <s>', 'diffusion noise seed', '0')
    .option('--threads <n>', 'ONNX Runtime threads')
    .option('--json', 'print JSON (rows, Spearman, every scored point) instead of a table')
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .action(async (o: SnrCliOptions) => {
      const levels = o.snr.split(',').map((s) => Number(s.trim()));
      if (levels.some((v) => !Number.isFinite(v))) {
        throw new EngineError('invalid-input', `--snr must be a comma-separated list of numbers, got '${o.snr}'`);
      }
      if (o.scheduler !== undefined && o.scheduler !== 'ddim' && o.scheduler !== 'ddpm') {
        throw new EngineError('invalid-input', `--scheduler must be ddim or ddpm, got '${o.scheduler}'`);
      }
      const scorer = await NoiseScorer.load(o.model ?? DEFAULT_MODEL_DIR, { threads: o.threads === undefined ? undefined : int('--threads', o.threads, 1), ...parseDeviceOptions(o) });
      printBackendNotice(scorer);
      const progress = createProgress('snr-check', 0);
      try {
        const result = await runSnrCheck(scorer, {
          subsetDir: resolve(o.subset),
          nstdbDir: resolve(o.nstdb),
          fold: int('--fold', o.fold, 0),
          nLeads: int('--leads', o.leads, 1),
          snrLevelsDb: levels,
          noiseTypes: o.noise.split(',').map((s) => s.trim()),
          noiseSeed: int('--noise-seed', o.noiseSeed, 0),
          t: o.t === undefined ? undefined : int('--t', o.t, 0),
          stepInterval: o.stepInterval === undefined ? undefined : int('--step-interval', o.stepInterval, 1),
          scheduler: o.scheduler as 'ddim' | 'ddpm' | undefined,
          seed: int('--seed', o.seed, 0),
          onProgress: (done, total) => {
            progress.setTotal(total);
            progress.tick(1);
          },
        });
        progress.stop();
        const p = scorer.resolveOptions({ t: o.t === undefined ? undefined : Number(o.t), stepInterval: o.stepInterval === undefined ? undefined : Number(o.stepInterval), scheduler: o.scheduler as 'ddim' | 'ddpm' | undefined, seed: Number(o.seed) });
        const title = `model ${scorer.spec.name} (${scorer.spec.sha256.slice(0, 12)}) t=${p.t} k=${p.stepInterval} ${p.scheduler} seed=${p.seed}; noise seed ${o.noiseSeed}`;
        process.stdout.write(o.json ? `${JSON.stringify({ params: p, ...result }, null, 2)}\n` : `${title}\n${formatSnrTable(result)}\n`);
      } finally {
        progress.stop();
        scorer.close();
      }
    });
}
