import type { Endpoint, EndpointInput } from '../api-types.js';
import type { EndpointRow, HubDb, SiteRow } from '../db/tables.js';
import { HubError } from '../errors.js';
import { primaryKey } from './lookup.js';

function toEndpoint(row: EndpointRow, site: string): Endpoint {
  return {
    id: row.id,
    primaryKey: primaryKey(row.id),
    site,
    serviceType: row.service_type,
    hostname: row.hostname,
    url: row.url,
    hostDn: row.host_dn,
    inProduction: row.in_production === 1,
    monitored: row.monitored === 1,
    beta: row.beta === 1,
    description: row.description,
  };
}

/** GOCDB's HOSTNAME is the bare host of the service URL (no port, no IPv6 brackets). */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    throw new HubError('BAD_REQUEST', `invalid endpoint URL: ${url}`);
  }
}

export async function listSiteEndpoints(db: HubDb, site: SiteRow): Promise<Endpoint[]> {
  const rows = await db
    .selectFrom('endpoints')
    .selectAll()
    .where('site_id', '=', site.id)
    .orderBy('id')
    .execute();
  return rows.map((r) => toEndpoint(r, site.name));
}

export async function createEndpoint(
  db: HubDb,
  site: SiteRow,
  input: EndpointInput,
  now: Date,
): Promise<Endpoint> {
  const stamp = now.toISOString();
  const row = await db
    .insertInto('endpoints')
    .values({
      site_id: site.id,
      service_type: input.serviceType,
      hostname: input.hostname ?? hostOf(input.url),
      url: input.url,
      host_dn: input.hostDn ?? '',
      host_os: '',
      host_arch: '',
      in_production: input.inProduction === false ? 0 : 1,
      monitored: input.monitored === false ? 0 : 1,
      beta: input.beta ? 1 : 0,
      description: input.description ?? '',
      created_at: stamp,
      updated_at: stamp,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpoint(row, site.name);
}

export async function updateEndpoint(
  db: HubDb,
  current: EndpointRow & { site_name: string },
  patch: Partial<EndpointInput>,
  now: Date,
): Promise<Endpoint> {
  const values: Partial<EndpointRow> = { updated_at: now.toISOString() };
  if (patch.serviceType !== undefined) values.service_type = patch.serviceType;
  if (patch.url !== undefined) {
    values.url = patch.url;
    // A new URL without a hostname moves the host along with it.
    if (patch.hostname === undefined) values.hostname = hostOf(patch.url);
  }
  if (patch.hostname !== undefined) values.hostname = patch.hostname;
  if (patch.hostDn !== undefined) values.host_dn = patch.hostDn;
  if (patch.inProduction !== undefined) values.in_production = patch.inProduction ? 1 : 0;
  if (patch.monitored !== undefined) values.monitored = patch.monitored ? 1 : 0;
  if (patch.beta !== undefined) values.beta = patch.beta ? 1 : 0;
  if (patch.description !== undefined) values.description = patch.description;
  const row = await db
    .updateTable('endpoints')
    .set(values)
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpoint(row, current.site_name);
}

export async function deleteEndpoint(db: HubDb, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Explicit, so that a downtime's list shrinks even where foreign keys are not enforced.
    await trx.deleteFrom('downtime_endpoints').where('endpoint_id', '=', id).execute();
    await trx.deleteFrom('endpoints').where('id', '=', id).execute();
  });
}
