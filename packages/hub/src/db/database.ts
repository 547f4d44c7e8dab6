import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { HubTables } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

export interface HubDatabase {
  db: Kysely<HubTables>;
  dialect: DialectName;
  /** The URL or file given, with any password replaced by ***. */
  description: string;
  close(): Promise<void>;
}

/**
 * A PostgreSQL URL (postgres:// or postgresql://) selects PostgreSQL; anything else is an SQLite
 * file path (or ':memory:'). Migrations run before the database is handed out.
 */
export async function openDatabase(location: string): Promise<HubDatabase> {
  const isPostgres = /^postgres(ql)?:\/\//.test(location);
  let db: Kysely<HubTables>;
  if (isPostgres) {
    // BIGINT/NUMERIC come back as strings by default; ids fit in a JS number.
    pg.types.setTypeParser(20, (v) => Number(v));
    db = new Kysely<HubTables>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 10 }) }),
    });
  } else {
    const sqlite = new Database(location);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<HubTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  await migrateToLatest(db as Kysely<unknown>, isPostgres ? 'postgres' : 'sqlite');
  return {
    db,
    dialect: isPostgres ? 'postgres' : 'sqlite',
    description: redactUrl(location),
    close: () => db.destroy(),
  };
}

function redactUrl(location: string): string {
  return location.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
