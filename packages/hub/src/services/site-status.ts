import type { SiteStatus } from '../api-types.js';
import type { HubDb } from '../db/tables.js';

export interface SiteState {
  status: SiteStatus;
  lastPublishedAt: string | null;
  infoExpiresAt: string | null;
  /** The agent's reason, while the site fails. */
  statusReason: string | null;
  failingSince: string | null;
}

export interface SiteStatusInput {
  /** An OUTAGE downtime of the site is in progress. */
  outageOngoing: boolean;
  /** The site's agent reports that it cannot read the site. */
  failing?: boolean;
  /** expires_at of the current info document; null when the site never published. */
  infoExpiresAt: string | null;
}

/**
 * An outage wins over everything (the site is announced as down); then a failing agent (the
 * information shown is the last good one, however fresh it looks); otherwise the freshness of
 * the published information decides. A WARNING downtime does not change the status.
 */
export function computeSiteStatus(input: SiteStatusInput, now: Date): SiteStatus {
  if (input.outageOngoing) return 'downtime';
  if (input.failing) return 'failing';
  if (input.infoExpiresAt === null) return 'no-info';
  return Date.parse(input.infoExpiresAt) < now.getTime() ? 'stale' : 'ok';
}

/** A downtime is ongoing from its start (inclusive) to its end (exclusive). */
export function isOngoing(startAt: string, endAt: string, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(startAt) <= t && t < Date.parse(endAt);
}

/** The status of every site (or of the given ones), keyed by site id, in two queries. */
export async function loadSiteStates(
  db: HubDb,
  now: Date,
  siteIds?: number[],
): Promise<Map<number, SiteState>> {
  if (siteIds && siteIds.length === 0) return new Map();
  let sites = db.selectFrom('sites').select('id');
  let info = db
    .selectFrom('info_current')
    .innerJoin('info_documents', 'info_documents.id', 'info_current.document_id')
    .select(['info_current.site_id', 'info_documents.published_at', 'info_documents.expires_at']);
  // Timestamps are stored as normalised ISO strings, so text comparison orders them; the exact
  // start check is done below on parsed dates.
  let health = db.selectFrom('info_health').select(['site_id', 'reason', 'failing_since']);
  let outages = db
    .selectFrom('downtimes')
    .select(['site_id', 'start_at', 'end_at'])
    .where('severity', '=', 'OUTAGE')
    .where('end_at', '>', now.toISOString());
  if (siteIds) {
    sites = sites.where('id', 'in', siteIds);
    info = info.where('info_current.site_id', 'in', siteIds);
    outages = outages.where('site_id', 'in', siteIds);
    health = health.where('site_id', 'in', siteIds);
  }
  const [siteRows, infoRows, outageRows, healthRows] = await Promise.all([
    sites.execute(),
    info.execute(),
    outages.execute(),
    health.execute(),
  ]);
  const infoBySite = new Map(infoRows.map((r) => [r.site_id, r]));
  const failingBySite = new Map(healthRows.map((r) => [r.site_id, r]));
  const down = new Set(
    outageRows.filter((r) => isOngoing(r.start_at, r.end_at, now)).map((r) => r.site_id),
  );
  const states = new Map<number, SiteState>();
  for (const { id } of siteRows) {
    const doc = infoBySite.get(id);
    const infoExpiresAt = doc?.expires_at ?? null;
    const failing = failingBySite.get(id);
    states.set(id, {
      status: computeSiteStatus(
        { outageOngoing: down.has(id), failing: failing !== undefined, infoExpiresAt },
        now,
      ),
      lastPublishedAt: doc?.published_at ?? null,
      infoExpiresAt,
      statusReason: failing?.reason ?? null,
      failingSince: failing?.failing_since ?? null,
    });
  }
  return states;
}
