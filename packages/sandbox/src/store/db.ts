import Database from 'better-sqlite3';

export type Db = Database.Database;

// Each entry upgrades the schema by one version; PRAGMA user_version records how far a file got,
// so a data folder written by an older sandbox is upgraded in place and keeps its VMs.
const MIGRATIONS: string[] = [
  `CREATE TABLE resources (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     site TEXT NOT NULL,
     kind TEXT NOT NULL,
     id TEXT NOT NULL,
     project_id TEXT,
     body TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (site, kind, id)
   );
   CREATE INDEX resources_project ON resources (site, kind, project_id);
   CREATE TABLE oidc_models (
     model TEXT NOT NULL,
     id TEXT NOT NULL,
     payload TEXT NOT NULL,
     expires_at INTEGER,
     uid TEXT,
     user_code TEXT,
     grant_id TEXT,
     PRIMARY KEY (model, id)
   );
   CREATE INDEX oidc_uid ON oidc_models (uid);
   CREATE INDEX oidc_user_code ON oidc_models (user_code);
   CREATE INDEX oidc_grant ON oidc_models (grant_id);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

/** Opens (creating if needed) the sandbox database; `:memory:` gives a throw-away one for tests. */
export function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The sandbox is a test double: losing the last transaction on power loss is acceptable,
  // and NORMAL keeps 300 sites' seeding fast.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  cacheStatements(db);
  return db;
}

/** Enough for every statement the services write, with room for the dynamic list queries. */
const MAX_CACHED_STATEMENTS = 256;

/**
 * Makes `db.prepare` hand back the statement prepared earlier for the same text: the stores
 * prepare on every call, and re-preparing was most of the SQLite time of a 100-site start. A
 * statement is safe to share because nothing here iterates one lazily or switches its mode
 * (pluck, raw, expand).
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
