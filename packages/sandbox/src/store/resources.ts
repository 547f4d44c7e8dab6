import type { Db } from './db.js';

/**
 * Every emulated OpenStack resource of every site lives in one table as a JSON body. The services
 * keep the exact wire shape in the body, so a read is a parse and a write is a stringify; the
 * columns exist only for lookups by id and by project.
 */
export interface StoredResource<T> {
  seq: number;
  id: string;
  projectId: string | null;
  body: T;
  createdAt: string;
  updatedAt: string;
}

interface RawRow {
  seq: number;
  id: string;
  project_id: string | null;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface ListOptions {
  projectId?: string;
  /** Only rows after this id in creation order (OpenStack `marker`). */
  afterId?: string;
  limit?: number;
}

export class ResourceStore {
  readonly #db: Db;
  readonly #site: string;

  constructor(db: Db, site: string) {
    this.#db = db;
    this.#site = site;
  }

  get site(): string {
    return this.#site;
  }

  insert<T>(kind: string, id: string, projectId: string | null, body: T, now = new Date()): void {
    const at = now.toISOString();
    this.#db
      .prepare(
        'INSERT INTO resources (site, kind, id, project_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(this.#site, kind, id, projectId, JSON.stringify(body), at, at);
  }

  /** Inserts or replaces; used by seeding so that a restart does not duplicate anything. */
  upsert<T>(kind: string, id: string, projectId: string | null, body: T, now = new Date()): void {
    const at = now.toISOString();
    this.#db
      .prepare(
        `INSERT INTO resources (site, kind, id, project_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(site, kind, id) DO UPDATE SET body = excluded.body, project_id = excluded.project_id, updated_at = excluded.updated_at`,
      )
      .run(this.#site, kind, id, projectId, JSON.stringify(body), at, at);
  }

  get<T>(kind: string, id: string): T | undefined {
    return this.getRow<T>(kind, id)?.body;
  }

  getRow<T>(kind: string, id: string): StoredResource<T> | undefined {
    const row = this.#db
      .prepare('SELECT * FROM resources WHERE site = ? AND kind = ? AND id = ?')
      .get(this.#site, kind, id) as RawRow | undefined;
    return row ? toStored<T>(row) : undefined;
  }

  has(kind: string, id: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM resources WHERE site = ? AND kind = ? AND id = ?')
        .get(this.#site, kind, id) !== undefined
    );
  }

  list<T>(kind: string, options: ListOptions = {}): T[] {
    return this.listRows<T>(kind, options).map((row) => row.body);
  }

  listRows<T>(kind: string, options: ListOptions = {}): StoredResource<T>[] {
    const where = ['site = ?', 'kind = ?'];
    const args: unknown[] = [this.#site, kind];
    if (options.projectId !== undefined) {
      where.push('project_id = ?');
      args.push(options.projectId);
    }
    if (options.afterId !== undefined) {
      const marker = this.getRow(kind, options.afterId);
      where.push('seq > ?');
      args.push(marker?.seq ?? Number.MAX_SAFE_INTEGER);
    }
    let sql = `SELECT * FROM resources WHERE ${where.join(' AND ')} ORDER BY seq`;
    if (options.limit !== undefined) {
      sql += ' LIMIT ?';
      args.push(options.limit);
    }
    return (this.#db.prepare(sql).all(...args) as RawRow[]).map((row) => toStored<T>(row));
  }

  count(kind: string, projectId?: string): number {
    const row = (
      projectId === undefined
        ? this.#db
            .prepare('SELECT COUNT(*) AS n FROM resources WHERE site = ? AND kind = ?')
            .get(this.#site, kind)
        : this.#db
            .prepare(
              'SELECT COUNT(*) AS n FROM resources WHERE site = ? AND kind = ? AND project_id = ?',
            )
            .get(this.#site, kind, projectId)
    ) as { n: number };
    return row.n;
  }

  /** Replaces the body; returns false when the resource does not exist. */
  put<T>(kind: string, id: string, body: T, now = new Date()): boolean {
    const result = this.#db
      .prepare(
        'UPDATE resources SET body = ?, updated_at = ? WHERE site = ? AND kind = ? AND id = ?',
      )
      .run(JSON.stringify(body), now.toISOString(), this.#site, kind, id);
    return result.changes > 0;
  }

  delete(kind: string, id: string): boolean {
    return (
      this.#db
        .prepare('DELETE FROM resources WHERE site = ? AND kind = ? AND id = ?')
        .run(this.#site, kind, id).changes > 0
    );
  }

  /** Runs `fn` in one SQLite transaction (quota check + insert must not interleave). */
  transaction<R>(fn: () => R): R {
    return this.#db.transaction(fn)();
  }
}

function toStored<T>(row: RawRow): StoredResource<T> {
  return {
    seq: row.seq,
    id: row.id,
    projectId: row.project_id,
    body: JSON.parse(row.body) as T,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
