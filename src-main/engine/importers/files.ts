/**
 * Importer `files`: any mix of WFDB / EDF / CSV / NPY / NPZ files (a file, or a folder searched
 * recursively), no labels. WFDB records are found by their `.hea` (signal files are skipped).
 * Each record's natural key is its path relative to the folder, plus `#<name>` for files holding
 * several records. Unreadable files are reported and skipped.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { ProjectDb } from '../db/project-db';
import { ensureDataset } from '../db/records-repo';
import { openRecordSources } from '../io/load';
import { extensionOf, FORMATS } from '../io/registry';
import { importOneRecord, newSummary, throwIfAborted, type ImportOptions, type ImportSummary } from './common';

const ACCEPTED = new Set(FORMATS.flatMap((f) => f.extensions));

/** Files under `path` the loader may read (sorted); WFDB signal files are reached via their header. */
export function findRecordFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) {
    return [path];
  }
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (ACCEPTED.has(extensionOf(e.name))) {
        out.push(p);
      }
    }
  };
  walk(path);
  return out.sort();
}

/** Imports the records of every readable file under `path`. */
export async function importFiles(project: ProjectDb, path: string, options: ImportOptions & { fsHz?: number; limit?: number } = {}): Promise<ImportSummary> {
  const abs = resolve(path);
  const isDir = statSync(abs).isDirectory();
  const root = isDir ? abs : dirname(abs);
  const name = options.datasetName ?? basename(abs);
  const summary = newSummary(name, 'files');
  const dataset = ensureDataset(project.db, name, 'files', abs, options.fsHz ? { fsHz: options.fsHz } : {});
  const files = findRecordFiles(abs).slice(0, options.limit ?? Infinity);
  for (const [i, file] of files.entries()) {
    throwIfAborted(options.signal);
    try {
      const records = openRecordSources(file, options.fsHz === undefined ? {} : { fsHz: options.fsHz });
      const rel = relative(root, file).split(sep).join('/');
      for (const record of records) {
        try {
          importOneRecord(
            project,
            dataset.id,
            {
              record,
              naturalKey: records.length > 1 ? `${rel}#${record.info.name}` : rel,
              sourcePath: file,
              locator: records.length > 1 ? record.info.name : '',
              format: `file:${record.info.format}`,
              metadata: options.fsHz === undefined ? {} : { fsOption: options.fsHz },
            },
            summary,
          );
        } finally {
          record.close();
        }
      }
    } catch (error) {
      summary.recordsSeen += 1;
      summary.skipped.push({ path: file, reason: error instanceof Error ? error.message : String(error) });
    }
    options.onProgress?.(i + 1, files.length);
  }
  return summary;
}
