/**
 * Importing a dataset into a project (idempotent: re-running adds nothing), as a job: the CLI runs
 * it in-process, the workstation in a worker thread. The importer of `kind` does the work.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineError } from '../errors';
import { ProjectDb } from '../db/project-db';
import { IMPORTERS, importerKinds, type AnyImportOptions, type ImportSummary } from '../importers';

/** Input of {@link run}. */
export interface ImportInput extends Omit<AnyImportOptions, 'onProgress' | 'signal'> {
  /** Project database path (created when missing). */
  dbPath: string;
  /** Importer kind (see `importerKinds()`). */
  kind: string;
  /** Dataset file or folder. */
  path: string;
}

/** Progress after each record. */
export interface ImportProgress {
  done: number;
  total: number;
}

/**
 * Imports `input.path` with the importer of `input.kind`.
 * @throws EngineError('invalid-input') for an unknown kind, ('not-found') for a missing path;
 *   JobCancelledError when `signal` aborts (finished records stay imported).
 */
export async function run(input: ImportInput, onProgress: (p: ImportProgress) => void = () => {}, signal?: AbortSignal): Promise<ImportSummary> {
  const { dbPath, kind, path, ...options } = input;
  const importer = IMPORTERS[kind];
  if (!importer) {
    throw new EngineError('invalid-input', `unknown import kind '${kind}' (known: ${importerKinds().join(', ')})`);
  }
  if (!existsSync(path)) {
    throw new EngineError('not-found', `${path}: no such file or folder`);
  }
  const project = ProjectDb.open(dbPath);
  try {
    return await importer(project, resolve(path), { ...options, signal, onProgress: (done, total) => onProgress({ done, total }) });
  } finally {
    project.close();
  }
}
