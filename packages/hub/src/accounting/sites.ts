import type { HubDb } from '../db/tables.js';

/** What the repository holds of one site: the accounting portal's per-site table. */
export interface AccountingSite {
  site: string;
  /** Whether the site is in the registry (a removed site's accounting stays). */
  registered: boolean;
  /** VM-months stored. */
  records: number;
  vms: number;
  batches: number;
  /** Valid records received, resends included. */
  recordsReceived: number;
  /** When the site's last accepted record arrived, ISO; null if none ever did. */
  lastReceivedAt: string | null;
  lastBatchAt: string | null;
  /** The latest moment its records measure, ISO: how far its accounting reaches. */
  latestMeasurement: string | null;
}

/** Every registered site, and any other that sent accounting, by name; from counters only. */
export async function accountingSites(db: HubDb): Promise<AccountingSite[]> {
  const [registered, counters] = await Promise.all([
    db.selectFrom('sites').select('name').execute(),
    db.selectFrom('accounting_sites').selectAll().execute(),
  ]);
  const bySite = new Map(counters.map((row) => [row.site, row]));
  const names = new Set([...registered.map((r) => r.name), ...bySite.keys()]);
  const known = new Set(registered.map((r) => r.name));
  return [...names].sort().map((site) => {
    const row = bySite.get(site);
    const latest = row?.latest_measurement_time;
    return {
      site,
      registered: known.has(site),
      records: Number(row?.records ?? 0),
      vms: Number(row?.vms ?? 0),
      batches: Number(row?.batches ?? 0),
      recordsReceived: Number(row?.records_received ?? 0),
      lastReceivedAt: row?.last_received_at ?? null,
      lastBatchAt: row?.last_batch_at || null,
      latestMeasurement:
        latest === null || latest === undefined
          ? null
          : new Date(Number(latest) * 1000).toISOString(),
    };
  });
}
