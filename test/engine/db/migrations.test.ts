/**
 * Schema versioning: a database built with only the version-1 SQL (as the first release made it)
 * opens with the current code, is migrated to the current version, and keeps its rows.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/engine/db/connection';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/engine/db/migrations';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { tempDir } from './helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

describe('migrations', () => {
  it('opens a version-1 database and migrates it, keeping data', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'v1.sqlite');
    const v1 = new Database(path);
    migrate(v1, MIGRATIONS.filter((m) => m.version === 1));
    expect(schemaVersion(v1)).toBe(1);
    v1.exec(`INSERT INTO datasets (name, kind, source_path, created_at) VALUES ('old', 'files', '/x', '2025-01-01T00:00:00Z');
      INSERT INTO records (dataset_id, natural_key, source_path, format, fs_hz, n_samples, duration_s, lead_names_json,
        units_json, units_known, content_hash, imported_at)
        VALUES (1, 'r1', '/x/r1', 'wfdb', 500, 5000, 10, '["I"]', '["mV"]', 1, 'h', '2025-01-01T00:00:00Z');
      INSERT INTO segments (record_id, lead_index, lead_name, segment_index, start_sample, end_sample, valid_columns)
        VALUES (1, 0, 'I', 0, 0, 5000, 256);
      INSERT INTO label_events (segment_id, record_id, lead_index, kind, value, present, source, created_at)
        VALUES (1, 1, 0, 'noise', 'clean', 1, 'dataset:old', '2025-01-01T00:00:00Z');`);
    expect(() => v1.prepare('SELECT * FROM project_settings').all()).toThrow(/no such table/);
    v1.close();

    const project = ProjectDb.open(path);
    expect(schemaVersion(project.db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
    expect(project.summary().counts).toMatchObject({ datasets: 1, records: 1, segments: 1, labelEvents: 1 });
    expect(project.segmentDetail(1).labels.map((l) => l.value)).toEqual(['clean']);
    project.setSetting('annotator.name', 'ana');
    expect(project.getSetting('annotator.name')).toBe('ana');
    project.close();
  });

  it('refuses a database from a newer program', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'future.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this program/);
  });
});
