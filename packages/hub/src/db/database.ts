import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { HubError } from '../errors.js';
import { migrateToLatest } from './migrations.js';
import { prepareSqliteFile, tightenSqliteFiles, unusable } from './prepare-location.js';
import type { HubTables } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

export interface HubDatabase {
  db: Kysely<HubTables>;
  dialect: DialectName;
  /** The URL or file given, with any password replaced by ***. */
  description: string;
  /**
   * Work on the database no request waits for (refreshing PostgreSQL's statistics): `close()`
   * waits for it, so a hub stopping or a test dropping its database never cuts it off.
   */
  inBackground(task: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * A PostgreSQL URL (postgres:// or postgresql://) selects PostgreSQL; anything else is an SQLite
 * file path (or ':memory:'), whose folder is created when missing. Migrations run before the
 * database is handed out.
 * @throws HubError BAD_REQUEST when the location cannot be used (at once, never a hang)
 */
export async function openDatabase(location: string): Promise<HubDatabase> {
  const isPostgres = /^postgres(ql)?:\/\//.test(location);
  const isFile = !isPostgres && location !== ':memory:';
  let db: Kysely<HubTables>;
  if (isPostgres) {
    // BIGINT/NUMERIC come back as strings by default; ids fit in a JS number.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({
      connectionString: location,
      max: 10,
      // A server that never answers must not make `serve` or `migrate` hang.
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection the server ends (a restart, an administrator, DROP DATABASE ... FORCE)
    // is an 'error' on the pool, which throws when nobody listens: the pool has already dropped
    // that connection and opens another on the next query, so there is nothing more to do.
    pool.on('error', () => undefined);
    db = new Kysely<HubTables>({ dialect: new PostgresDialect({ pool }) });
  } else {
    if (isFile) await prepareSqliteFile(location);
    let sqlite: Database.Database;
    try {
      sqlite = new Database(location);
      sqlite.pragma('journal_mode = WAL');
    } catch (error) {
      throw unusable(location, error instanceof Error ? error.message : String(error));
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<HubTables>({
      dialect: new SqliteDialect({ database: cachingStatements(sqlite) }),
    });
  }
  try {
    await migrateToLatest(db as Kysely<unknown>, isPostgres ? 'postgres' : 'sqlite');
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (error instanceof HubError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw unusable(redactUrl(location), reason);
  }
  if (isFile) await tightenSqliteFiles(location);
  const background = new Set<Promise<void>>();
  return {
    db,
    dialect: isPostgres ? 'postgres' : 'sqlite',
    description: redactUrl(location),
    inBackground(task) {
      // A background task's failure is its own business: it never reaches a request.
      const running = task()
        .catch(() => undefined)
        .finally(() => background.delete(running));
      background.add(running);
    },
    async close() {
      await Promise.all(background);
      await db.destroy();
    },
  };
}

function redactUrl(location: string): string {
  return location.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

/** Enough for the hub's queries; `IN (…)` lists of every length make the rest. */
const MAX_CACHED_STATEMENTS = 256;

/**
 * better-sqlite3 as Kysely's SQLite driver sees it, handing back the statement prepared before
 * for the same SQL text: Kysely prepares on every query, and re-preparing was most of the hub's
 * SQLite time during a federation's start. Sharing is safe: the driver runs one query at a time
 * on its single connection, and the hub never streams (the one use of `iterate`).
 */
function cachingStatements(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
