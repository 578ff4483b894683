/** Registry of dataset importers: `ecgnq import <kind> <path>` dispatches here. */
import type { ProjectDb } from '../db/project-db';
import type { ImportOptions, ImportSummary } from './common';
import { importButqdb } from './butqdb';
import { importCinc2011 } from './cinc2011';
import { importFiles } from './files';
import { importNpzSubset } from './npz-subset';
import { importPtbxl } from './ptbxl';
import { importWfdbFolder } from './wfdb-folder';

export type { ImportOptions, ImportSummary, SkippedItem } from './common';

/** Options any importer may read (unused ones are ignored). */
export interface AnyImportOptions extends ImportOptions {
  /** npz-subset: label CSV (default `ptbxl_subset.csv` beside the NPZ). */
  csvPath?: string;
  /** Import at most this many records. */
  limit?: number;
  /** ptbxl: 100 or 500 (records100/ or records500/; default 500). */
  rateHz?: number;
  /** files: sampling rate for files without one. */
  fsHz?: number;
  /** wfdb: annotation file extension (default 'atr'). */
  annotator?: string;
}

/** An importer: reads `path` into the project, returns what it did. */
export type Importer = (project: ProjectDb, path: string, options: AnyImportOptions) => Promise<ImportSummary>;

/** Importers by kind. */
export const IMPORTERS: Record<string, Importer> = {
  'npz-subset': importNpzSubset,
  wfdb: importWfdbFolder,
  cinc2011: importCinc2011,
  butqdb: importButqdb,
  ptbxl: importPtbxl,
  files: importFiles,
};

/** Kinds `ecgnq import` accepts. */
export function importerKinds(): string[] {
  return Object.keys(IMPORTERS).sort();
}
