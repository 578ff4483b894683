/**
 * Importer `ptbxl`: PTB-XL as distributed — `ptbxl_database.csv` plus `records500/` (or
 * `records100/`) WFDB records named by its `filename_hr` / `filename_lr` columns. The free-text
 * noise columns become per-lead labels with the paper's parser (ptbxl-labels.ts): each noise type
 * on its leads, 'clean' on the others, under `dataset:<name>`. The CSV row (ecg_id, patient_id,
 * strat_fold, scp_codes, the raw noise texts, …) is kept as record metadata.
 */
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ProjectDb } from '../db/project-db';
import { ensureDataset } from '../db/records-repo';
import { EngineError } from '../errors';
import { leadLabelEvents, newSummary, readSideFile, throwIfAborted, type ImportOptions, type ImportSummary } from './common';
import { parsePtbxlNoiseColumns, PTBXL_NOISE_COLUMNS } from './ptbxl-labels';
import { importWfdbHeader } from './wfdb-import';

/** Imports a PTB-XL folder. `rateHz` 500 (default) reads records500/, 100 reads records100/. */
export async function importPtbxl(
  project: ProjectDb,
  root: string,
  options: ImportOptions & { rateHz?: number; limit?: number; csvPath?: string } = {},
): Promise<ImportSummary> {
  const abs = resolve(root);
  const rate = options.rateHz ?? 500;
  if (rate !== 100 && rate !== 500) {
    throw new EngineError('invalid-input', `--rate must be 100 or 500, got ${rate}`);
  }
  const column = rate === 500 ? 'filename_hr' : 'filename_lr';
  const name = options.datasetName ?? 'ptbxl';
  const summary = newSummary(name, 'ptbxl');
  const csvPath = resolve(options.csvPath ?? join(abs, 'ptbxl_database.csv'));
  const rows = (parse(readSideFile(csvPath, 'PTB-XL database CSV (ptbxl_database.csv)'), { columns: true, skip_empty_lines: true }) as Record<string, string>[]).slice(
    0,
    options.limit ?? Infinity,
  );
  const dataset = ensureDataset(project.db, name, 'ptbxl', abs, { csv: csvPath, rateHz: rate });
  const source = `dataset:${name}`;
  for (const [i, row] of rows.entries()) {
    throwIfAborted(options.signal);
    const header = join(abs, `${row[column]}.hea`);
    const labels = parsePtbxlNoiseColumns(row);
    if (labels === null) {
      summary.skipped.push({
        path: `${csvPath}#ecg_id=${row.ecg_id}`,
        reason: `noise annotation not understood (${PTBXL_NOISE_COLUMNS.map((c) => JSON.stringify(row[c] ?? '')).join(', ')}): record imported unlabelled, as the paper drops it`,
      });
    }
    const metadata: Record<string, unknown> = { ...row, ecg_id: Number(row.ecg_id), strat_fold: Number(row.strat_fold) };
    importWfdbHeader(
      project,
      dataset.id,
      header,
      () => ({
        naturalKey: String(Number(row.ecg_id)),
        metadata,
        labels: labels
          ? (ids) => [
              ...PTBXL_NOISE_COLUMNS.flatMap((c) => leadLabelEvents(ids, labels[c], c, source)),
              ...leadLabelEvents(ids, labels.clean, 'clean', source),
            ]
          : undefined,
      }),
      summary,
    );
    options.onProgress?.(i + 1, rows.length);
  }
  return summary;
}
