import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type HubDatabase, openDatabase } from '../db/database.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database; `close()` it and then `drop()` it. */
  open(): Promise<TestDatabaseHandle>;
}

export interface TestDatabaseHandle extends HubDatabase {
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

/**
 * The databases every hub test suite runs on: SQLite always; PostgreSQL when
 * FEDCLOUD_TEST_PG_URL names a server where that role may CREATE DATABASE (CI sets it, and sets
 * FEDCLOUD_REQUIRE_PG=1 so a missing server fails instead of silently testing SQLite alone).
 * Use with `describe.each(testDatabases())('... on %s', ...)` via `.map(d => [d.name, d])`.
 */
export function testDatabases(env: NodeJS.ProcessEnv = process.env): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'sqlite', open: openSqlite }];
  const url = env.FEDCLOUD_TEST_PG_URL;
  if (url) list.push({ name: 'postgres', open: () => openPostgres(url) });
  else if (env.FEDCLOUD_REQUIRE_PG === '1') {
    throw new Error('FEDCLOUD_REQUIRE_PG=1 but FEDCLOUD_TEST_PG_URL is not set');
  }
  return list;
}

async function openSqlite(): Promise<TestDatabaseHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'fedcloud-hub-test-'));
  const database = await openDatabase(join(dir, 'hub.db'));
  return Object.assign(database, {
    async drop() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

async function openPostgres(adminUrl: string): Promise<TestDatabaseHandle> {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString());
  return Object.assign(database, {
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // FORCE cannot end a backend of another role, such as an autovacuum worker that has just
        // connected to the new database (42501): it is gone a moment later, so try again.
        for (let attempt = 1; ; attempt += 1) {
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (error) {
            if ((error as { code?: unknown }).code !== '42501' || attempt >= 10) throw error;
            await new Promise((done) => setTimeout(done, 200));
          }
        }
      } finally {
        await client.end();
      }
    },
  });
}
