/** `ecgnq import <kind> <path> --db project.sqlite`: adds a dataset to a project (idempotent; engine job `import.job`). */
import type { Command } from 'commander';
import { importerKinds, type ImportSummary } from '../../engine/importers';
import { run as runImportJob, type ImportInput } from '../../engine/jobs/import.job';
import { intFlag, positiveFlag } from '../flags';
import { createProgress } from '../progress';

interface ImportCliOptions {
  db: string;
  name?: string;
  csv?: string;
  limit?: string;
  rate: string;
  fs?: string;
  annotator: string;
  json?: boolean;
}

/** Human summary of an import. */
export function formatImportSummary(s: ImportSummary): string {
  const lines = [
    `${s.kind} → dataset "${s.dataset}": ${s.recordsSeen} records seen, ${s.inserted} added, ${s.unchanged} already present, ` +
      `${s.segments} segments, ${s.labelEvents} label events, ${s.skipped.length} skipped`,
    ...s.skipped.map((k) => `  skipped ${k.path}: ${k.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs one import with a progress bar. */
export async function runImport(input: ImportInput): Promise<ImportSummary> {
  const progress = createProgress(`import ${input.kind}`, 0);
  let done = 0;
  try {
    return await runImportJob(input, (p) => {
      progress.setTotal(p.total);
      progress.tick(p.done - done);
      done = p.done;
    });
  } finally {
    progress.stop();
  }
}

export function register(program: Command): void {
  program
    .command('import')
    .description(`Import a dataset into a project database (kinds: ${importerKinds().join(', ')}); re-importing adds nothing twice`)
    .argument('<kind>', 'importer kind')
    .argument('<path>', 'dataset file or folder')
    .requiredOption('--db <project>', 'project database (created if missing)')
    .option('--name <dataset>', 'dataset name in the project (label source dataset:<name>)')
    .option('--csv <file>', 'npz-subset: label CSV (default ptbxl_subset.csv beside the NPZ)')
    .option('--limit <n>', 'import at most n records')
    .option('--rate <hz>', 'ptbxl: 100 or 500 (records100/ or records500/)', '500')
    .option('--fs <hz>', 'files: sampling rate for files without one')
    .option('--annotator <ext>', 'wfdb: annotation file extension', 'atr')
    .option('--json', 'print the summary as JSON')
    .action(async (kind: string, path: string, o: ImportCliOptions) => {
      const summary = await runImport({
        dbPath: o.db,
        kind,
        path,
        datasetName: o.name,
        csvPath: o.csv,
        limit: intFlag('--limit', o.limit, 1),
        rateHz: positiveFlag('--rate', o.rate),
        fsHz: positiveFlag('--fs', o.fs),
        annotator: o.annotator,
      });
      process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : formatImportSummary(summary));
      if (summary.recordsSeen > 0 && summary.inserted + summary.unchanged === 0) {
        process.exitCode = 1;
      }
    });
}
