/**
 * Importer `cinc2011`: PhysioNet/CinC Challenge 2011 set-a layout — WFDB records (12 leads,
 * 500 Hz, 10 s) in one folder with `RECORDS-acceptable` and `RECORDS-unacceptable` (one record
 * name per line). Each record's quality becomes a label of kind 'quality' ('acceptable' /
 * 'unacceptable') on all its segments; records in neither list are imported unlabelled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { ProjectDb } from '../db/project-db';
import { ensureDataset } from '../db/records-repo';
import { leadLabelEvents, newSummary, throwIfAborted, type ImportOptions, type ImportSummary } from './common';
import { importWfdbHeader } from './wfdb-import';
import { findWfdbHeaders } from './wfdb-folder';

function readList(path: string): Set<string> {
  if (!existsSync(path)) {
    return new Set();
  }
  return new Set(
    readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
}

/** Imports a CinC 2011 folder with its acceptable/unacceptable lists. */
export async function importCinc2011(project: ProjectDb, root: string, options: ImportOptions & { limit?: number } = {}): Promise<ImportSummary> {
  const abs = resolve(root);
  const name = options.datasetName ?? 'cinc2011';
  const summary = newSummary(name, 'cinc2011');
  const acceptable = readList(join(abs, 'RECORDS-acceptable'));
  const unacceptable = readList(join(abs, 'RECORDS-unacceptable'));
  if (acceptable.size + unacceptable.size === 0) {
    summary.skipped.push({ path: abs, reason: 'no RECORDS-acceptable / RECORDS-unacceptable lists: records imported unlabelled' });
  }
  const dataset = ensureDataset(project.db, name, 'cinc2011', abs);
  const source = `dataset:${name}`;
  const headers = findWfdbHeaders(abs).slice(0, options.limit ?? Infinity);
  for (const [i, header] of headers.entries()) {
    throwIfAborted(options.signal);
    const naturalKey = relative(abs, header).split(sep).join('/').replace(/\.hea$/i, '');
    const recName = basename(naturalKey);
    const quality = acceptable.has(recName) ? 'acceptable' : unacceptable.has(recName) ? 'unacceptable' : null;
    importWfdbHeader(
      project,
      dataset.id,
      header,
      (record) => ({
        naturalKey,
        metadata: { quality },
        labels: quality ? (ids) => leadLabelEvents(ids, record.info.leadNames.keys(), quality, source, 'quality') : undefined,
      }),
      summary,
    );
    options.onProgress?.(i + 1, headers.length);
  }
  return summary;
}
