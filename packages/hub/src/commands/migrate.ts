import { migrateToLatest } from '../db/migrations.js';
import { resolveSettings, type HubFlags } from '../config.js';
import { withDatabase } from './database.js';

export interface MigrateResult {
  database: string;
  dialect: string;
  /** Migrations applied by this run (opening the database applies them, so usually none). */
  applied: string[];
}

export async function runMigrate(flags: HubFlags): Promise<MigrateResult> {
  const { database } = resolveSettings(flags);
  // openDatabase migrates already; asking again reports that nothing is left to do.
  return withDatabase(database, async (db) => ({
    database: db.description,
    dialect: db.dialect,
    applied: await migrateToLatest(db.db as Parameters<typeof migrateToLatest>[0], db.dialect),
  }));
}
