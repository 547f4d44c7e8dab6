import type { DowntimeRow, EndpointRow, HubDb, SiteRow } from '../db/tables.js';
import { HubError } from '../errors.js';

/** The site row by its short name, or a 404 naming it. */
export async function requireSite(db: HubDb, name: string): Promise<SiteRow> {
  const row = await db.selectFrom('sites').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) throw new HubError('NOT_FOUND', `no site named ${name}`, { site: name });
  return row;
}

export async function requireEndpoint(
  db: HubDb,
  id: number,
): Promise<EndpointRow & { site_name: string }> {
  const row = await db
    .selectFrom('endpoints')
    .innerJoin('sites', 'sites.id', 'endpoints.site_id')
    .selectAll('endpoints')
    .select('sites.name as site_name')
    .where('endpoints.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HubError('NOT_FOUND', `no endpoint with id ${id}`, { endpoint: id });
  return row;
}

export async function requireDowntime(
  db: HubDb,
  id: number,
): Promise<DowntimeRow & { site_name: string }> {
  const row = await db
    .selectFrom('downtimes')
    .innerJoin('sites', 'sites.id', 'downtimes.site_id')
    .selectAll('downtimes')
    .select('sites.name as site_name')
    .where('downtimes.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HubError('NOT_FOUND', `no downtime with id ${id}`, { downtime: id });
  return row;
}

/** GOCDB renders numeric ids with a "G0" suffix as primary keys (one GOCDB instance, id 0). */
export function primaryKey(id: number): string {
  return `${id}G0`;
}
