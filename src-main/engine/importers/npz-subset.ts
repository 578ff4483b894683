/**
 * Importer `npz-subset`: an NPZ of `signals [N, leads, samples]` (+ `ecg_id`, `fs`, optional
 * `strat_fold`) and a label CSV joined on `ecg_id` with the paper's per-lead lists
 * (`baseline_drift`, `static_noise`, `burst_noise`, `electrodes_problems`, `clean`), i.e. the
 * layout of ../shared/data/ptbxl/ptbxl_subset_100hz.npz + ptbxl_subset.csv. Lead names are
 * PTB-XL's when there are 12 leads.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EcgFormatError, EngineError } from '../errors';
import type { ProjectDb } from '../db/project-db';
import { ensureDataset } from '../db/records-repo';
import { NOISE_TYPES } from '../../../src-shared/labels';
import { readNpz } from '../io/npz';
import type { NdArray } from '../io/npy';
import type { EcgRecord } from '../types';
import { importOneRecord, leadLabelEvents, newSummary, readSideFile, throwIfAborted, type ImportOptions, type ImportSummary } from './common';
import { parseIndexList } from './ptbxl-labels';

/** PTB-XL lead names in file order. */
export const PTBXL_LEAD_NAMES = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** The arrays of a subset NPZ. */
export interface SubsetArrays {
  path: string;
  signals: NdArray;
  ecgIds: number[];
  folds: number[] | null;
  fsHz: number;
}

const cache = new Map<string, SubsetArrays>();

/**
 * Reads (once per process; cached by absolute path) the arrays of a subset NPZ.
 * @throws EcgFormatError when `signals` is not 3-D, `ecg_id` is missing or its length differs.
 */
export function readSubsetArrays(path: string): SubsetArrays {
  const abs = resolve(path);
  const hit = cache.get(abs);
  if (hit) {
    return hit;
  }
  const arrays = readNpz(new Uint8Array(readFileSync(abs)), abs);
  const signals = arrays.get('signals');
  const ids = arrays.get('ecg_id');
  if (!signals || signals.shape.length !== 3) {
    throw new EcgFormatError(abs, 'npz', "needs a 3-D 'signals' array [records, leads, samples]");
  }
  if (!ids || ids.data.length !== signals.shape[0]) {
    throw new EcgFormatError(abs, 'npz', "needs an 'ecg_id' array with one id per record");
  }
  const fs = arrays.get('fs');
  const folds = arrays.get('strat_fold');
  const out: SubsetArrays = {
    path: abs,
    signals,
    ecgIds: Array.from(ids.data),
    folds: folds && folds.data.length === ids.data.length ? Array.from(folds.data) : null,
    fsHz: fs ? Number(fs.data[0]) : 100,
  };
  cache.clear(); // keep one archive in memory at most
  cache.set(abs, out);
  return out;
}

/** Record `index` of a subset NPZ as an EcgRecord (values as stored: z-scored, unitless). */
export function subsetRecord(arrays: SubsetArrays, index: number): EcgRecord {
  const [, nLeads, nSamples] = arrays.signals.shape;
  if (!Number.isInteger(index) || index < 0 || index >= arrays.signals.shape[0]) {
    throw new EngineError('not-found', `${arrays.path}: no record at index ${index}`);
  }
  const signals: Float64Array[] = [];
  for (let lead = 0; lead < nLeads; lead += 1) {
    const start = (index * nLeads + lead) * nSamples;
    signals.push(Float64Array.from(arrays.signals.data.subarray(start, start + nSamples)));
  }
  const leadNames = nLeads === 12 ? [...PTBXL_LEAD_NAMES] : signals.map((_, i) => `lead${i}`);
  return {
    source: arrays.path,
    name: String(arrays.ecgIds[index]),
    format: 'npz',
    fsHz: arrays.fsHz,
    leadNames,
    signals,
    unitsKnown: false,
    sourceUnits: leadNames.map(() => 'z-score'),
    metadata: {},
  };
}

/** The default label CSV: `ptbxl_subset.csv` beside the NPZ. */
function defaultCsvPath(npzPath: string): string {
  return join(dirname(npzPath), 'ptbxl_subset.csv');
}

/**
 * Imports an NPZ subset and its label CSV. Labels go to source `dataset:<name>` (kind 'noise':
 * 'clean' or the noise types of each lead). Rows of the CSV without a record and records without
 * a CSV row are reported in `skipped` (records are still imported, unlabelled).
 */
export async function importNpzSubset(
  project: ProjectDb,
  npzPath: string,
  options: ImportOptions & { csvPath?: string; limit?: number } = {},
): Promise<ImportSummary> {
  const abs = resolve(npzPath);
  const name = options.datasetName ?? basename(abs).replace(/\.npz$/i, '');
  const summary = newSummary(name, 'npz-subset');
  let arrays: SubsetArrays;
  try {
    arrays = readSubsetArrays(abs);
  } catch (error) {
    summary.skipped.push({ path: abs, reason: error instanceof Error ? error.message : String(error) });
    return summary;
  }
  const csvPath = resolve(options.csvPath ?? defaultCsvPath(abs));
  const rows = parse(readSideFile(csvPath, 'label CSV (give --csv)'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byId = new Map(rows.map((r) => [Number(r.ecg_id), r]));
  const dataset = ensureDataset(project.db, name, 'npz-subset', abs, { csv: csvPath });
  const source = `dataset:${name}`;
  const n = Math.min(arrays.ecgIds.length, options.limit ?? Infinity);
  for (let i = 0; i < n; i += 1) {
    throwIfAborted(options.signal);
    const ecgId = arrays.ecgIds[i];
    const row = byId.get(ecgId);
    if (!row) {
      summary.skipped.push({ path: `${csvPath}#ecg_id=${ecgId}`, reason: 'no label row for this record (imported unlabelled)' });
    }
    const metadata: Record<string, unknown> = { ecg_id: ecgId };
    if (arrays.folds) {
      metadata.strat_fold = arrays.folds[i];
    }
    if (row) {
      metadata.strat_fold = Number(row.strat_fold);
      metadata.scp_codes = row.scp_codes;
      metadata.filename_hr = row.filename_hr;
    }
    importOneRecord(
      project,
      dataset.id,
      {
        record: subsetRecord(arrays, i),
        naturalKey: String(ecgId),
        sourcePath: abs,
        locator: String(i),
        format: 'npz-subset',
        metadata,
        labels: row ? (ids) => subsetLabelEvents(ids, row, source) : undefined,
      },
      summary,
    );
    options.onProgress?.(i + 1, n);
  }
  return summary;
}

/** Label events of one CSV row: each noise type on its leads, 'clean' on the clean leads. */
export function subsetLabelEvents(segmentIds: Map<string, number>, row: Record<string, string>, source: string) {
  return [
    ...NOISE_TYPES.flatMap((type) => leadLabelEvents(segmentIds, parseIndexList(row[type] ?? '[]'), type, source)),
    ...leadLabelEvents(segmentIds, parseIndexList(row.clean ?? '[]'), 'clean', source),
  ];
}
