/** Test helpers: temp project files and a tiny synthetic dataset inserted through the repositories. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { ensureDataset, insertRecord } from '../../../src-main/engine/db/records-repo';
import type { SqliteDb } from '../../../src-main/engine/db/connection';

/** A fresh temp dir; call the returned cleanup in afterEach/afterAll. */
export function tempDir(prefix = 'ecgnq-db-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Inserts `nRecords` 2-lead records of one 10-s window each into dataset `name`; returns segment ids. */
export function seedRecords(db: SqliteDb, name: string, nRecords: number): number[] {
  const ds = ensureDataset(db, name, 'test', '/nowhere');
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < nRecords; i += 1) {
      const res = insertRecord(db, ds.id, {
        naturalKey: `rec${i}`,
        sourcePath: `/nowhere/rec${i}`,
        format: 'npz',
        fsHz: 100,
        nSamples: 1000,
        leadNames: ['I', 'II'],
        units: ['mV', 'mV'],
        unitsKnown: true,
        contentHash: `hash${i}`,
        windows: [{ index: 0, startSample: 0, endSample: 1000, validColumns: 256 }],
      });
      ids.push(...res.segmentIds.values());
    }
  })();
  return ids;
}

/**
 * A project in a fresh temp dir for one test file: opened in beforeAll, closed and deleted in afterAll.
 * Read `ctx.project` inside tests (it is set once beforeAll has run).
 */
export function useTempProject(prefix?: string): { readonly dir: string; readonly project: ProjectDb } {
  const t = tempDir(prefix);
  let project: ProjectDb | undefined;
  beforeAll(() => {
    project = ProjectDb.open(join(t.dir, 'p.sqlite'));
  });
  afterAll(() => {
    project?.close();
    t.cleanup();
  });
  return {
    dir: t.dir,
    get project(): ProjectDb {
      if (!project) {
        throw new Error('useTempProject: project is opened in beforeAll');
      }
      return project;
    },
  };
}

/** One segment and its current labels under one source (see {@link labelledSegments}). */
export interface LabelledSegment {
  segmentId: number;
  naturalKey: string;
  leadIndex: number;
  segmentIndex: number;
  endS: number;
  labels: string[];
}

/**
 * Segments (by record, lead, window) with their current labels under `source`, straight from the
 * `current_labels` view: the importers' output as stored, independent of the project model.
 */
export function labelledSegments(db: SqliteDb, source: string, only: { value?: string; datasetName?: string; recordKey?: string } = {}): LabelledSegment[] {
  const rows = db
    .prepare(
      `SELECT g.id, r.natural_key, g.lead_index, g.segment_index, g.end_sample * 1.0 / r.fs_hz AS end_s,
         (SELECT json_group_array(value) FROM (SELECT c.value FROM current_labels c WHERE c.segment_id = g.id AND c.source = ? ORDER BY c.value)) AS labels
       FROM segments g JOIN records r ON r.id = g.record_id JOIN datasets d ON d.id = r.dataset_id
       WHERE (? IS NULL OR d.name = ?) AND (? IS NULL OR r.natural_key = ?)
       ORDER BY r.id, g.lead_index, g.segment_index`,
    )
    .raw()
    .all(source, only.datasetName ?? null, only.datasetName ?? null, only.recordKey ?? null, only.recordKey ?? null) as [number, string, number, number, number, string][];
  return rows
    .map(([segmentId, naturalKey, leadIndex, segmentIndex, endS, labels]) => ({ segmentId, naturalKey, leadIndex, segmentIndex, endS, labels: JSON.parse(labels) as string[] }))
    .filter((s) => only.value === undefined || s.labels.includes(only.value));
}
