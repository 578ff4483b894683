/**
 * `ecgnq snr-check`: adds real NSTDB noise (baseline wander, muscle artefact) to clean fold-N
 * leads of the PTB-XL subset at known SNRs, scores the mixes and prints the median PSNR per SNR
 * level and noise type with the Spearman correlation between SNR and PSNR.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_SNR_LEVELS_DB, formatSnrTable, runSnrCheck } from '../../engine/eval/snr-check';
import { NoiseScorer } from '../../engine/inference/scorer';
import { DEFAULT_MODEL_DIR } from '../../engine/package-info';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';
import { intFlag, numberListFlag, samplingFlags } from '../flags';
import { createProgress } from '../progress';

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
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .option('--json', 'print JSON (rows, Spearman, every scored point) instead of a table')
    .action(async (o: SnrCliOptions) => {
      const levels = numberListFlag('--snr', o.snr);
      const sampling = samplingFlags(o);
      const scorer = await NoiseScorer.load(o.model ?? DEFAULT_MODEL_DIR, { threads: intFlag('--threads', o.threads, 1), ...parseDeviceOptions(o) });
      printBackendNotice(scorer);
      const progress = createProgress('snr-check', 0);
      try {
        const result = await runSnrCheck(scorer, {
          subsetDir: resolve(o.subset),
          nstdbDir: resolve(o.nstdb),
          fold: intFlag('--fold', o.fold),
          nLeads: intFlag('--leads', o.leads, 1),
          snrLevelsDb: levels,
          noiseTypes: o.noise.split(',').map((s) => s.trim()),
          noiseSeed: intFlag('--noise-seed', o.noiseSeed),
          ...sampling,
          onProgress: (done, total) => {
            progress.setTotal(total);
            progress.tick(1);
          },
        });
        progress.stop();
        const p = scorer.resolveOptions(sampling);
        const title = `model ${scorer.spec.name} (${scorer.spec.sha256.slice(0, 12)}) t=${p.t} k=${p.stepInterval} ${p.scheduler} seed=${p.seed}; noise seed ${o.noiseSeed}`;
        process.stdout.write(o.json ? `${JSON.stringify({ params: p, ...result }, null, 2)}\n` : `${title}\n${formatSnrTable(result)}\n`);
      } finally {
        progress.stop();
        scorer.close();
      }
    });
}
