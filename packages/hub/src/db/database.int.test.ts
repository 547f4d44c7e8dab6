import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestDatabaseHandle, testDatabases } from '../testing/databases.js';
import { sql } from 'kysely';

const postgres = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('hub database on PostgreSQL', () => {
  let database: TestDatabaseHandle | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('outlives the server ending its idle connections, and the next query opens a new one', async () => {
    database = await postgres!.open();
    // Warm the pool so an idle connection sits in it.
    const before = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
    const pid = before.rows[0]!.pid;

    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const admin = new pg.Client({ connectionString: process.env.FEDCLOUD_TEST_PG_URL });
      await admin.connect();
      try {
        const ended = await admin.query('SELECT pg_terminate_backend($1) AS ok', [pid]);
        expect(ended.rows[0].ok).toBe(true);
      } finally {
        await admin.end();
      }
      // The idle connection hears of its end a moment later.
      await new Promise((done) => setTimeout(done, 300));
      const after = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
      expect(after.rows[0]!.pid).not.toBe(pid);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
