/** `ecgnq info <file...>`: format, sampling rate, leads, duration and units of each record in each file. */
import type { Command } from 'commander';
import { EngineError } from '../../engine/errors';
import { describeRecord, openRecordSources, type RecordDescription } from '../../engine/io/load';
import { positiveFlag } from '../flags';
import { createProgress } from '../progress';

interface InfoOptions {
  fs?: string;
  json?: boolean;
  all?: boolean;
}

/** Records listed per file before "… and N more" (text mode, without --all). */
const SHOWN_PER_FILE = 10;

/** Formats one description as aligned text lines. */
export function formatDescription(d: RecordDescription): string {
  const units = [...new Set(d.units)].join(', ');
  const fs = d.fsHz === null ? 'unknown (pass --fs)' : `${Number(d.fsHz.toFixed(6))} Hz`;
  const duration = d.durationS === null ? 'unknown' : `${Number(d.durationS.toFixed(3))} s`;
  return [
    `${d.name}  (${d.source})`,
    `  format    ${d.format}`,
    `  fs        ${fs}`,
    `  leads     ${d.leads.length}: ${d.leads.join(' ')}`,
    `  samples   ${d.nSamples}`,
    `  duration  ${duration}`,
    `  units     ${units}${d.unitsKnown ? ' (signals in mV)' : ' (not converted: units unknown or not a voltage)'}`,
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('info')
    .description('Print format, sampling rate, leads, duration and units of ECG files (WFDB, NPY/NPZ, CSV, EDF)')
    .argument('<file...>', 'ECG files (.hea/.dat/.mat, .npy, .npz, .csv/.tsv/.txt, .edf)')
    .option('--fs <hz>', 'sampling rate for files that carry none (NPY, CSV without a time column)')
    .option('--json', 'print one JSON array of record descriptions')
    .option('--all', 'list every record of multi-record files (default: the first 10)')
    .action((files: string[], options: InfoOptions) => {
      const fsHz = positiveFlag('--fs', options.fs);
      const progress = createProgress('info', files.length);
      const described: RecordDescription[] = [];
      const errors: string[] = [];
      const text: string[] = [];
      for (const file of files) {
        try {
          // Header facts only: a day-long recording is described without reading its samples.
          const records = openRecordSources(file, fsHz === undefined ? {} : { fsHz });
          const descriptions = records.map(describeRecord);
          records.forEach((r) => r.close());
          described.push(...descriptions);
          const shown = options.all ? descriptions : descriptions.slice(0, SHOWN_PER_FILE);
          text.push(...shown.map(formatDescription));
          if (shown.length < descriptions.length) {
            text.push(`… and ${descriptions.length - shown.length} more records in ${file} (use --all)`);
          }
        } catch (error) {
          if (!(error instanceof EngineError)) {throw error;}
          errors.push(`ecgnq: ${error.message}`);
        }
        progress.tick();
      }
      progress.stop();
      process.stdout.write(options.json ? `${JSON.stringify(described, null, 2)}\n` : text.map((t) => `${t}\n`).join(''));
      for (const e of errors) {process.stderr.write(`${e}\n`);}
      if (errors.length > 0) {process.exitCode = 1;}
    });
}
