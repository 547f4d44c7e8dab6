import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Where a hub started by a test (startHub or the CLI, which open the database themselves)
 * keeps its data: a temporary SQLite file, and a fresh PostgreSQL database when
 * FEDCLOUD_TEST_PG_URL is set (the same pair as testDatabases()).
 */
export interface DatabaseLocation {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ location: string; drop(): Promise<void> }>;
}

export function databaseLocations(env: NodeJS.ProcessEnv = process.env): DatabaseLocation[] {
  const list: DatabaseLocation[] = [
    {
      name: 'sqlite',
      async create() {
        const dir = await mkdtemp(join(tmpdir(), 'fedcloud-hub-int-'));
        return {
          location: join(dir, 'data', 'hub.db'),
          drop: () => rm(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const adminUrl = env.FEDCLOUD_TEST_PG_URL;
  if (adminUrl) {
    list.push({
      name: 'postgres',
      async create() {
        const name = `hub_int_${randomBytes(6).toString('hex')}`;
        const run = async (sql: string) => {
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          try {
            await client.query(sql);
          } finally {
            await client.end();
          }
        };
        await run(`CREATE DATABASE ${name}`);
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        return {
          location: url.toString(),
          drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
        };
      },
    });
  }
  return list;
}
