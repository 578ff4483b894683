/**
 * Opens a project database file: WAL journal (readers never block the writer), foreign keys on,
 * schema migrated to the current version in one transaction per step.
 */
import Database from 'better-sqlite3';
import { EngineError } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

/** A better-sqlite3 connection. */
export type SqliteDb = Database.Database;

/** Options of {@link openDatabase}. */
export interface OpenOptions {
  /** Open without write access (no migration; fails on a database older than the code). */
  readonly?: boolean;
  /** Milliseconds to wait for a lock held by another connection (default 10 000). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a project database and brings its schema up to date.
 * @throws EngineError('database') when the file is from a newer version of the program, or a
 *   read-only open finds an outdated schema.
 */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteDb {
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 10_000))}`);
  db.pragma('foreign_keys = ON');
  // The browser sorts ~260k segments by PSNR: index walks touch pages in random order, so keep a
  // 64 MiB page cache (default 2 MiB) and map the file.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new EngineError('database', `${path}: schema version ${version} is newer than this program (${SCHEMA_VERSION})`);
  }
  if (version < SCHEMA_VERSION) {
    if (options.readonly) {
      db.close();
      throw new EngineError('database', `${path}: schema version ${version} needs migrating; open it writable once`);
    }
    migrate(db, MIGRATIONS);
  }
  return db;
}

/** The database's `PRAGMA user_version`. */
export function schemaVersion(db: SqliteDb): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Applies every migration whose version is above the database's, each in its own transaction
 * (a failure leaves the database at the last completed version).
 */
export function migrate(db: SqliteDb, migrations: readonly Migration[]): void {
  for (const migration of migrations) {
    if (migration.version <= schemaVersion(db)) {
      continue;
    }
    db.transaction(() => {
      for (const sql of migration.statements) {
        db.exec(sql);
      }
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
