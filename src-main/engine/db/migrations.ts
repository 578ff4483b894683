/**
 * Versioned schema of a project database. Each migration is a list of SQL statements applied in
 * one transaction; `PRAGMA user_version` records the last one applied. Append new versions only.
 */

/** One schema step: applied when the database's `user_version` is below `version`. */
export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/** Version 1: datasets, records, lead-segments, label events and scores. */
const V1: Migration = {
  version: 1,
  description: 'datasets, records, segments, label events, scores',
  statements: [
    `CREATE TABLE datasets (
       id INTEGER PRIMARY KEY,
       name TEXT NOT NULL UNIQUE,
       kind TEXT NOT NULL,
       source_path TEXT NOT NULL,
       metadata_json TEXT NOT NULL DEFAULT '{}',
       created_at TEXT NOT NULL
     )`,
    `CREATE TABLE records (
       id INTEGER PRIMARY KEY,
       dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
       natural_key TEXT NOT NULL,
       source_path TEXT NOT NULL,
       locator TEXT NOT NULL DEFAULT '',
       format TEXT NOT NULL,
       fs_hz REAL NOT NULL,
       n_samples INTEGER NOT NULL,
       duration_s REAL NOT NULL,
       lead_names_json TEXT NOT NULL,
       units_json TEXT NOT NULL,
       units_known INTEGER NOT NULL,
       content_hash TEXT NOT NULL,
       metadata_json TEXT NOT NULL DEFAULT '{}',
       imported_at TEXT NOT NULL,
       UNIQUE (dataset_id, natural_key)
     )`,
    `CREATE INDEX records_hash ON records (content_hash)`,
    `CREATE TABLE segments (
       id INTEGER PRIMARY KEY,
       record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
       lead_index INTEGER NOT NULL,
       lead_name TEXT NOT NULL,
       segment_index INTEGER NOT NULL,
       start_sample INTEGER NOT NULL,
       end_sample INTEGER NOT NULL,
       valid_columns INTEGER NOT NULL,
       UNIQUE (record_id, lead_index, segment_index)
     )`,
    `CREATE TABLE label_events (
       id INTEGER PRIMARY KEY,
       segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
       record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
       lead_index INTEGER NOT NULL,
       kind TEXT NOT NULL CHECK (kind IN ('noise', 'quality', 'tag')),
       value TEXT NOT NULL,
       present INTEGER NOT NULL CHECK (present IN (0, 1)),
       source TEXT NOT NULL,
       created_at TEXT NOT NULL,
       note TEXT NOT NULL DEFAULT ''
     )`,
    `CREATE INDEX label_events_current ON label_events (segment_id, source, kind, value, id)`,
    `CREATE INDEX label_events_source ON label_events (source, kind, value)`,
    `CREATE TRIGGER label_events_no_update BEFORE UPDATE ON label_events
       BEGIN SELECT RAISE(ABORT, 'label_events is append-only'); END`,
    `CREATE VIEW current_labels AS
       SELECT e.segment_id, e.record_id, e.lead_index, e.kind, e.value, e.source, e.created_at, e.note, e.id AS event_id
       FROM label_events e
       WHERE e.present = 1
         AND e.id = (SELECT MAX(e2.id) FROM label_events e2
                     WHERE e2.segment_id = e.segment_id AND e2.source = e.source
                       AND e2.kind = e.kind AND e2.value = e.value)`,
    `CREATE TABLE scores (
       id INTEGER PRIMARY KEY,
       segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
       model_name TEXT NOT NULL,
       model_sha256 TEXT NOT NULL,
       t INTEGER NOT NULL,
       step_interval INTEGER NOT NULL,
       scheduler TEXT NOT NULL,
       seed INTEGER NOT NULL,
       provider TEXT NOT NULL,
       psnr REAL NOT NULL,
       ssim REAL,
       mse REAL NOT NULL,
       mae REAL NOT NULL,
       local_psnr_json TEXT NOT NULL,
       created_at TEXT NOT NULL,
       UNIQUE (segment_id, model_sha256, t, step_interval, scheduler, seed)
     )`,
    `CREATE INDEX scores_by_params ON scores (model_sha256, t, step_interval, scheduler, seed, psnr, segment_id)`,
  ],
};

/** Version 2: project settings, optional scalogram cache, indexes the segment browser sorts on. */
const V2: Migration = {
  version: 2,
  description: 'project settings, scalogram cache, browse indexes',
  statements: [
    `CREATE TABLE project_settings (
       key TEXT PRIMARY KEY,
       value TEXT NOT NULL
     )`,
    `CREATE TABLE scalogram_cache (
       segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
       params_key TEXT NOT NULL,
       png BLOB NOT NULL,
       created_at TEXT NOT NULL,
       PRIMARY KEY (segment_id, params_key)
     )`,
    `CREATE INDEX records_dataset ON records (dataset_id, id)`,
    `CREATE INDEX segments_lead ON segments (lead_name, record_id)`,
    `CREATE INDEX scores_segment ON scores (segment_id)`,
    `CREATE INDEX label_events_time ON label_events (created_at, id)`,
  ],
};

/**
 * Version 3: classical SQIs per segment (metrics/sqi.ts). They depend on the recorded samples only,
 * not on a model, so one row per segment; the quantify job writes them with the segment's scores.
 */
const V3: Migration = {
  version: 3,
  description: 'classical signal quality indices per segment',
  statements: [
    `CREATE TABLE segment_sqis (
       segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
       bas_sqi REAL,
       k_sqi REAL,
       s_sqi REAL,
       p_sqi REAL,
       hf_sqi REAL,
       burst_sqi REAL,
       computed_at TEXT NOT NULL
     )`,
  ],
};

/**
 * Version 4: min/max envelopes of long records' leads (dsp/overview.ts), written at import, so the
 * workstation draws a day-long record's overview without reading its samples. Float32 arrays as BLOBs.
 */
const V4: Migration = {
  version: 4,
  description: 'record overview envelopes',
  statements: [
    `CREATE TABLE record_overviews (
       record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
       lead_index INTEGER NOT NULL,
       bucket_samples INTEGER NOT NULL,
       mins BLOB NOT NULL,
       maxs BLOB NOT NULL,
       PRIMARY KEY (record_id, lead_index)
     )`,
  ],
};

/** Every migration in order. The last one's version is the current schema version. */
export const MIGRATIONS: readonly Migration[] = [V1, V2, V3, V4];

/** The schema version a freshly opened project has. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
