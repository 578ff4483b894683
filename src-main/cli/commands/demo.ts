/**
 * `ecgnq demo`: the README's first command. Scores every bundled sample record
 * (`resources/samples/`) with the default model and prints a per-lead PSNR table, flagging leads
 * whose worst segment falls below the model's calibrated threshold.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { NoiseScorer, type SegmentScore } from '../../engine/inference/scorer';
import { describeRecord, loadRecords } from '../../engine/io/load';
import { DEFAULT_MODEL_DIR, PACKAGE_ROOT } from '../../engine/package-info';
import { calibratedThreshold } from '../../engine/inference/calibration';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';

const SAMPLES_DIR = join(PACKAGE_ROOT, 'resources', 'samples');

/** Sample files the demo reads: one entry file per record (WFDB headers, EDF). */
export function listSampleFiles(dir: string = SAMPLES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(hea|edf)$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function formatDb(v: number): string {
  // Two decimals: the card threshold (e.g. 24.19 dB) must not look equal to a flagged 24.18.
  return Number.isFinite(v) ? v.toFixed(2) : v > 0 ? 'inf' : '-inf';
}

/** Per-lead table lines: segment PSNRs, the worst one, and a flag when it is under the threshold. */
export function leadTable(scores: SegmentScore[], thresholdDb: number): string[] {
  const byLead = new Map<number, SegmentScore[]>();
  for (const s of scores) {
    byLead.set(s.leadIndex, [...(byLead.get(s.leadIndex) ?? []), s]);
  }
  const lines = [`  ${'lead'.padEnd(6)} ${'min PSNR'.padStart(8)}  segments (dB)`];
  for (const [, leadScores] of [...byLead.entries()].sort((a, b) => a[0] - b[0])) {
    const psnrs = leadScores.sort((a, b) => a.segmentIndex - b.segmentIndex).map((s) => s.psnr);
    const worst = Math.min(...psnrs);
    const flag = worst < thresholdDb ? '  << noisy' : '';
    lines.push(`  ${leadScores[0].leadName.padEnd(6)} ${formatDb(worst).padStart(8)}  ${psnrs.map(formatDb).join(' ')}${flag}`);
  }
  return lines;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Score the bundled sample records (resources/samples) with the default model and print per-lead PSNR')
    .option('--model <dir>', 'model folder', DEFAULT_MODEL_DIR)
    .option('--samples <dir>', 'folder of sample records', SAMPLES_DIR)
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .action(async (opts: { model: string; samples: string } & DeviceCliOptions) => {
      const scorer = await NoiseScorer.load(opts.model, parseDeviceOptions(opts));
      printBackendNotice(scorer);
      try {
        const { thresholdDb, source } = calibratedThreshold((scorer.spec.raw as { metrics?: unknown }).metrics);
        const out = process.stdout;
        out.write(`Model ${scorer.spec.name} (${opts.model}); flag threshold ${thresholdDb.toFixed(2)} dB: ${source}\n`);
        for (const file of listSampleFiles(opts.samples)) {
          for (const record of loadRecords(file)) {
            const info = describeRecord(record);
            const duration = info.durationS === null ? '?' : info.durationS.toFixed(1);
            out.write(`\n${record.name}  ${info.format}, ${info.fsHz ?? '?'} Hz, ${info.leads.length} leads, ${duration} s\n`);
            const scores = await scorer.scoreRecord(record);
            for (const line of leadTable(scores, thresholdDb)) {
              out.write(`${line}\n`);
            }
          }
        }
      } finally {
        scorer.close();
      }
    });
}
