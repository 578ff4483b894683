/** `ecgnq import <kind> <path> --db project.sqlite`: adds a dataset to a project (idempotent). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ProjectDb } from '../../engine/db/project-db';
import { EngineError } from '../../engine/errors';
import { IMPORTERS, importerKinds, type AnyImportOptions, type ImportSummary } from '../../engine/importers';
import { createProgress } from '../progress';

interface ImportCliOptions {
  db: string;
  name?: string;
  csv?: string;
  limit?: string;
  rate?: string;
  fs?: string;
  annotator?: string;
  json?: boolean;
}

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new EngineError('invalid-input', `${name} must be a positive number, got '${value}'`);
  }
  return n;
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

/** Runs one import into the project at `dbPath`. */
export async function runImport(kind: string, path: string, dbPath: string, options: AnyImportOptions): Promise<ImportSummary> {
  const importer = IMPORTERS[kind];
  if (!importer) {
    throw new EngineError('invalid-input', `unknown import kind '${kind}' (known: ${importerKinds().join(', ')})`);
  }
  if (!existsSync(path)) {
    throw new EngineError('not-found', `${path}: no such file or folder`);
  }
  const project = ProjectDb.open(dbPath);
  const progress = createProgress(`import ${kind}`, 0);
  try {
    return await importer(project, resolve(path), {
      ...options,
      onProgress: (done, total) => {
        progress.setTotal(total);
        progress.tick(1);
        options.onProgress?.(done, total);
      },
    });
  } finally {
    progress.stop();
    project.close();
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
      const summary = await runImport(kind, path, o.db, {
        datasetName: o.name,
        csvPath: o.csv,
        limit: numberFlag('--limit', o.limit),
        rateHz: numberFlag('--rate', o.rate),
        fsHz: numberFlag('--fs', o.fs),
        annotator: o.annotator,
      });
      process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : formatImportSummary(summary));
      if (summary.recordsSeen > 0 && summary.inserted + summary.unchanged === 0) {
        process.exitCode = 1;
      }
    });
}
