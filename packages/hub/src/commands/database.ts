import { type HubDatabase, openDatabase } from '../db/database.js';

export async function withDatabase<T>(
  location: string,
  work: (database: HubDatabase) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(location);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
