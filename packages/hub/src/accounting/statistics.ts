import { sql } from 'kysely';
import type { HubDatabase } from '../db/database.js';

/** No ANALYZE before this many new records, however small the table. */
const FIRST_REFRESH_AFTER = 1024;

interface Tracker {
  /** Records added since the last ANALYZE started. */
  added: number;
  /** The table's rows as the last ANALYZE counted them. */
  rows: number;
  running: boolean;
}

const trackers = new WeakMap<HubDatabase, Tracker>();

/**
 * PostgreSQL plans the per-VM read of the ingest from its statistics, which autovacuum renews
 * only after a while: a site sending a year of records at once is by then read as the few rows
 * the table had, its whole history scanned for every batch. So the statistics are renewed each
 * time the table has doubled since the last ANALYZE: in the background (no request waits for
 * it; inline, it was 72 % of a catch-up load's time) and one at a time per database.
 */
export function noteRecordsAdded(database: HubDatabase, added: number): void {
  if (database.dialect !== 'postgres' || added <= 0) return;
  let tracker = trackers.get(database);
  if (!tracker) trackers.set(database, (tracker = { added: 0, rows: 0, running: false }));
  tracker.added += added;
  if (tracker.running || tracker.added < Math.max(FIRST_REFRESH_AFTER, tracker.rows)) return;
  const counted = tracker.added;
  const state = tracker;
  state.running = true;
  database.inBackground(async () => {
    try {
      await sql`ANALYZE accounting_records`.execute(database.db);
      const result = await sql<{ rows: number }>`
        SELECT reltuples::bigint AS rows FROM pg_class WHERE relname = 'accounting_records'
      `.execute(database.db);
      state.rows = Number(result.rows[0]?.rows ?? 0);
      state.added -= counted;
    } finally {
      state.running = false;
    }
  });
}
