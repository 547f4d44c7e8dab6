import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isPostgresUrl } from '../config.js';
import { type HubDatabase, openDatabase } from '../db/database.js';

/** Opens (and migrates) the hub's database, creating an SQLite file's folder first. */
export async function openHubDatabase(location: string): Promise<HubDatabase> {
  if (!isPostgresUrl(location) && location !== ':memory:') {
    await mkdir(dirname(location), { recursive: true });
  }
  return openDatabase(location);
}

export async function withDatabase<T>(
  location: string,
  work: (database: HubDatabase) => Promise<T>,
): Promise<T> {
  const database = await openHubDatabase(location);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
