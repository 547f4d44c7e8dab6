import type { HubDb } from '../db/tables.js';
import type { InfoStore } from './store.js';

export interface HealthReport {
  state: 'failing';
  reason: string;
  failingSince: string;
  reportedAt: string;
}

/**
 * Records that the site's agent could not read the site. The current document is untouched
 * (what failed to be read never replaces what was read); the first report of a spell fixes
 * `failing_since`, later ones refresh the reason. A publication of a document ends the spell.
 */
export async function reportSiteFailing(
  db: HubDb,
  store: InfoStore,
  input: { siteId: number; reason: string; publisher: string; now: Date },
): Promise<HealthReport> {
  const reportedAt = input.now.toISOString();
  await db
    .insertInto('info_health')
    .values({
      site_id: input.siteId,
      reason: input.reason,
      failing_since: reportedAt,
      reported_at: reportedAt,
      publisher: input.publisher,
    })
    .onConflict((oc) =>
      oc.column('site_id').doUpdateSet({
        reason: input.reason,
        reported_at: reportedAt,
        publisher: input.publisher,
      }),
    )
    .execute();
  const row = await db
    .selectFrom('info_health')
    .select(['failing_since'])
    .where('site_id', '=', input.siteId)
    .executeTakeFirstOrThrow();
  store.invalidate();
  return { state: 'failing', reason: input.reason, failingSince: row.failing_since, reportedAt };
}
