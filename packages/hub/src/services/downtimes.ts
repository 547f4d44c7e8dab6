import type { Downtime, DowntimeInput } from '../api-types.js';
import type { DowntimeRow, HubDb, SiteRow } from '../db/tables.js';
import { HubError } from '../errors.js';
import { primaryKey } from './lookup.js';
import { isOngoing } from './site-status.js';

export interface DowntimeFilter {
  siteId?: number;
  ids?: number[];
  /** Only downtimes in progress at `now`. */
  ongoing?: boolean;
  /** Only downtimes that have not ended at `now` (ongoing or upcoming). */
  notEnded?: boolean;
}

/**
 * Downtimes with their affected endpoints resolved: the explicit list, or every endpoint of the
 * site when the downtime names none (a whole-site downtime). Ordered by start, newest first.
 */
export async function loadDowntimes(
  db: HubDb,
  filter: DowntimeFilter,
  now: Date,
): Promise<Downtime[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  let query = db
    .selectFrom('downtimes')
    .innerJoin('sites', 'sites.id', 'downtimes.site_id')
    .selectAll('downtimes')
    .select('sites.name as site_name');
  if (filter.siteId !== undefined) query = query.where('downtimes.site_id', '=', filter.siteId);
  if (filter.ids) query = query.where('downtimes.id', 'in', filter.ids);
  // Stored timestamps are normalised ISO strings, so this text comparison is a date comparison.
  if (filter.ongoing || filter.notEnded) {
    query = query.where('downtimes.end_at', '>', now.toISOString());
  }
  const rows = (
    await query.orderBy('downtimes.start_at', 'desc').orderBy('downtimes.id').execute()
  ).filter((r) => !filter.ongoing || isOngoing(r.start_at, r.end_at, now));
  return resolveDowntimes(db, rows, now);
}

async function resolveDowntimes(
  db: HubDb,
  rows: (DowntimeRow & { site_name: string })[],
  now: Date,
): Promise<Downtime[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('downtime_endpoints')
    .select(['downtime_id', 'endpoint_id'])
    .where(
      'downtime_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('endpoint_id')
    .execute();
  const explicit = new Map<number, number[]>();
  for (const link of links) {
    const list = explicit.get(link.downtime_id) ?? [];
    list.push(link.endpoint_id);
    explicit.set(link.downtime_id, list);
  }
  const wholeSiteIds = [...new Set(rows.filter((r) => !explicit.has(r.id)).map((r) => r.site_id))];
  const siteEndpoints = new Map<number, number[]>();
  if (wholeSiteIds.length > 0) {
    const endpoints = await db
      .selectFrom('endpoints')
      .select(['id', 'site_id'])
      .where('site_id', 'in', wholeSiteIds)
      .orderBy('id')
      .execute();
    for (const e of endpoints) {
      const list = siteEndpoints.get(e.site_id) ?? [];
      list.push(e.id);
      siteEndpoints.set(e.site_id, list);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    primaryKey: primaryKey(r.id),
    site: r.site_name,
    classification: r.classification as Downtime['classification'],
    severity: r.severity as Downtime['severity'],
    description: r.description,
    startAt: r.start_at,
    endAt: r.end_at,
    insertedAt: r.inserted_at,
    endpointIds: explicit.get(r.id) ?? siteEndpoints.get(r.site_id) ?? [],
    ongoing: isOngoing(r.start_at, r.end_at, now),
  }));
}

/** ISO strings are stored normalised (UTC, milliseconds) so that they compare as text. */
function normalise(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new HubError('BAD_REQUEST', `${field} is not a date-time: ${value}`);
  return new Date(ms).toISOString();
}

async function checkEndpoints(db: HubDb, site: SiteRow, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db
    .selectFrom('endpoints')
    .select('id')
    .where('site_id', '=', site.id)
    .where('id', 'in', unique)
    .execute();
  const known = new Set(found.map((f) => f.id));
  const foreign = unique.filter((id) => !known.has(id));
  if (foreign.length > 0) {
    throw new HubError(
      'BAD_REQUEST',
      `endpointIds ${foreign.join(', ')} are not endpoints of site ${site.name}`,
      { endpointIds: foreign },
    );
  }
  return unique;
}

function checkWindow(startAt: string, endAt: string): void {
  if (Date.parse(endAt) <= Date.parse(startAt)) {
    throw new HubError('BAD_REQUEST', `endAt (${endAt}) must be after startAt (${startAt})`);
  }
}

export async function createDowntime(
  db: HubDb,
  site: SiteRow,
  input: DowntimeInput,
  now: Date,
): Promise<Downtime> {
  const startAt = normalise('startAt', input.startAt);
  const endAt = normalise('endAt', input.endAt);
  checkWindow(startAt, endAt);
  const endpointIds = await checkEndpoints(db, site, input.endpointIds ?? []);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('downtimes')
      .values({
        site_id: site.id,
        classification: input.classification,
        severity: input.severity,
        description: input.description ?? '',
        start_at: startAt,
        end_at: endAt,
        inserted_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (endpointIds.length > 0) {
      await trx
        .insertInto('downtime_endpoints')
        .values(endpointIds.map((endpoint_id) => ({ downtime_id: row.id, endpoint_id })))
        .execute();
    }
    return row.id;
  });
  const [created] = await loadDowntimes(db, { ids: [id] }, now);
  return created!;
}

export async function updateDowntime(
  db: HubDb,
  site: SiteRow,
  current: DowntimeRow,
  patch: Partial<DowntimeInput>,
  now: Date,
): Promise<Downtime> {
  const startAt = patch.startAt ? normalise('startAt', patch.startAt) : current.start_at;
  const endAt = patch.endAt ? normalise('endAt', patch.endAt) : current.end_at;
  checkWindow(startAt, endAt);
  const endpointIds = patch.endpointIds ? await checkEndpoints(db, site, patch.endpointIds) : null;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('downtimes')
      .set({
        ...(patch.classification ? { classification: patch.classification } : {}),
        ...(patch.severity ? { severity: patch.severity } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        start_at: startAt,
        end_at: endAt,
      })
      .where('id', '=', current.id)
      .execute();
    if (endpointIds) {
      await trx.deleteFrom('downtime_endpoints').where('downtime_id', '=', current.id).execute();
      if (endpointIds.length > 0) {
        await trx
          .insertInto('downtime_endpoints')
          .values(endpointIds.map((endpoint_id) => ({ downtime_id: current.id, endpoint_id })))
          .execute();
      }
    }
  });
  const [updated] = await loadDowntimes(db, { ids: [current.id] }, now);
  return updated!;
}

export async function deleteDowntime(db: HubDb, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('downtime_endpoints').where('downtime_id', '=', id).execute();
    await trx.deleteFrom('downtimes').where('id', '=', id).execute();
  });
}
