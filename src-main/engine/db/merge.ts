/**
 * Merges project files (e.g. shard results of a cluster array job) into one: datasets by name,
 * records by (dataset, natural key), segments by (record, lead, window), label events not already
 * present, scores by (segment, model, parameters). Each source merges in one transaction.
 */
import { EngineError } from '../errors';
import type { SqliteDb } from './connection';
import { openDatabase } from './connection';

/** What one source contributed. */
export interface MergeSourceSummary {
  path: string;
  records: number;
  segments: number;
  labelEvents: number;
  scores: number;
  /** Records skipped because the target holds the same key with other content. */
  conflicts: string[];
}

function changes(db: SqliteDb, sql: string): number {
  return db.prepare(sql).run().changes;
}

/** Merges one attached source (`src`) into the main database. */
function mergeAttached(db: SqliteDb, path: string): MergeSourceSummary {
  const conflicts = (
    db
      .prepare(
        `SELECT sd.name || '/' || sr.natural_key AS k FROM src.records sr JOIN src.datasets sd ON sd.id = sr.dataset_id
         JOIN main.datasets md ON md.name = sd.name
         JOIN main.records mr ON mr.dataset_id = md.id AND mr.natural_key = sr.natural_key
         WHERE mr.content_hash <> sr.content_hash`,
      )
      .all() as { k: string }[]
  ).map((r) => r.k);
  changes(
    db,
    `INSERT INTO main.datasets (name, kind, source_path, metadata_json, created_at)
     SELECT name, kind, source_path, metadata_json, created_at FROM src.datasets WHERE true
     ON CONFLICT (name) DO NOTHING`,
  );
  const records = changes(
    db,
    `INSERT INTO main.records (dataset_id, natural_key, source_path, locator, format, fs_hz, n_samples, duration_s,
       lead_names_json, units_json, units_known, content_hash, metadata_json, imported_at)
     SELECT md.id, sr.natural_key, sr.source_path, sr.locator, sr.format, sr.fs_hz, sr.n_samples, sr.duration_s,
       sr.lead_names_json, sr.units_json, sr.units_known, sr.content_hash, sr.metadata_json, sr.imported_at
     FROM src.records sr JOIN src.datasets sd ON sd.id = sr.dataset_id JOIN main.datasets md ON md.name = sd.name
     WHERE true ORDER BY sr.id
     ON CONFLICT (dataset_id, natural_key) DO NOTHING`,
  );
  // Source record id → target record id, for records with the same content only.
  db.exec(`DROP TABLE IF EXISTS temp.rec_map; DROP TABLE IF EXISTS temp.seg_map;
    CREATE TEMP TABLE rec_map AS
      SELECT sr.id AS src_id, mr.id AS dst_id FROM src.records sr JOIN src.datasets sd ON sd.id = sr.dataset_id
      JOIN main.datasets md ON md.name = sd.name
      JOIN main.records mr ON mr.dataset_id = md.id AND mr.natural_key = sr.natural_key AND mr.content_hash = sr.content_hash;`);
  const segments = changes(
    db,
    `INSERT INTO main.segments (record_id, lead_index, lead_name, segment_index, start_sample, end_sample, valid_columns)
     SELECT m.dst_id, sg.lead_index, sg.lead_name, sg.segment_index, sg.start_sample, sg.end_sample, sg.valid_columns
     FROM src.segments sg JOIN temp.rec_map m ON m.src_id = sg.record_id WHERE true ORDER BY sg.id
     ON CONFLICT (record_id, lead_index, segment_index) DO NOTHING`,
  );
  db.exec(`CREATE TEMP TABLE seg_map AS
    SELECT sg.id AS src_id, mg.id AS dst_id FROM src.segments sg JOIN temp.rec_map m ON m.src_id = sg.record_id
    JOIN main.segments mg ON mg.record_id = m.dst_id AND mg.lead_index = sg.lead_index AND mg.segment_index = sg.segment_index;
    CREATE INDEX temp.seg_map_src ON seg_map (src_id);`);
  const labelEvents = changes(
    db,
    `INSERT INTO main.label_events (segment_id, record_id, lead_index, kind, value, present, source, created_at, note)
     SELECT sm.dst_id, mg.record_id, mg.lead_index, e.kind, e.value, e.present, e.source, e.created_at, e.note
     FROM src.label_events e JOIN temp.seg_map sm ON sm.src_id = e.segment_id JOIN main.segments mg ON mg.id = sm.dst_id
     WHERE NOT EXISTS (SELECT 1 FROM main.label_events x WHERE x.segment_id = sm.dst_id AND x.source = e.source
       AND x.kind = e.kind AND x.value = e.value AND x.present = e.present AND x.created_at = e.created_at AND x.note = e.note)
     ORDER BY e.created_at, e.id`,
  );
  const scores = changes(
    db,
    `INSERT OR IGNORE INTO main.scores (segment_id, model_name, model_sha256, t, step_interval, scheduler, seed, provider,
       psnr, ssim, mse, mae, local_psnr_json, created_at)
     SELECT sm.dst_id, s.model_name, s.model_sha256, s.t, s.step_interval, s.scheduler, s.seed, s.provider,
       s.psnr, s.ssim, s.mse, s.mae, s.local_psnr_json, s.created_at
     FROM src.scores s JOIN temp.seg_map sm ON sm.src_id = s.segment_id ORDER BY s.id`,
  );
  db.exec('DROP TABLE temp.rec_map; DROP TABLE temp.seg_map;');
  return { path, records, segments, labelEvents, scores, conflicts };
}

/**
 * Merges `sources` into the project at `intoPath` (created if missing). Sources are migrated to
 * the current schema first (opened writable once). Returns one summary per source.
 * @throws EngineError('invalid-input') when a source is the target itself.
 */
export function mergeProjects(intoPath: string, sources: string[]): MergeSourceSummary[] {
  const db = openDatabase(intoPath);
  try {
    return sources.map((path) => {
      const srcDb = openDatabase(path); // migrate the source to the same schema
      srcDb.close();
      db.prepare('ATTACH DATABASE ? AS src').run(path);
      try {
        const same = db.prepare("SELECT COUNT(*) AS n FROM pragma_database_list WHERE name = 'src' AND file = (SELECT file FROM pragma_database_list WHERE name = 'main')").get() as { n: number };
        if (same.n > 0) {
          throw new EngineError('invalid-input', `${path} is the merge target itself`);
        }
        return db.transaction(() => mergeAttached(db, path)).immediate();
      } finally {
        db.exec('DETACH DATABASE src');
      }
    });
  } finally {
    db.close();
  }
}
