import type { DowntimeRow, EndpointRow, HubDb, SiteRow } from '../../db/tables.js';

export interface PiSite extends SiteRow {
  extensions: { key: string; value: string }[];
}
export interface PiEndpoint extends EndpointRow {
  site: PiSite;
}
export interface PiDowntime extends DowntimeRow {
  site: PiSite;
  /** Affected endpoints: the named ones, or all of the site's when it names none. */
  endpoints: PiEndpoint[];
}

/** The registry as the PI reads it, id-ordered like GOCDB's results; a registry is small. */
export async function loadSites(db: HubDb): Promise<PiSite[]> {
  const [sites, extensions] = await Promise.all([
    db.selectFrom('sites').selectAll().orderBy('id').execute(),
    db.selectFrom('site_extensions').selectAll().orderBy('site_id').orderBy('key').execute(),
  ]);
  const bySite = new Map<number, { key: string; value: string }[]>();
  for (const e of extensions) {
    const list = bySite.get(e.site_id) ?? [];
    list.push({ key: e.key, value: e.value });
    bySite.set(e.site_id, list);
  }
  return sites.map((s) => ({ ...s, extensions: bySite.get(s.id) ?? [] }));
}

export async function loadEndpoints(db: HubDb, sites: PiSite[]): Promise<PiEndpoint[]> {
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const rows = await db.selectFrom('endpoints').selectAll().orderBy('id').execute();
  return rows.flatMap((r) => {
    const site = siteById.get(r.site_id);
    return site ? [{ ...r, site }] : [];
  });
}

export async function loadPiDowntimes(
  db: HubDb,
  sites: PiSite[],
  endpoints: PiEndpoint[],
): Promise<PiDowntime[]> {
  const [rows, links] = await Promise.all([
    db.selectFrom('downtimes').selectAll().orderBy('id').execute(),
    db.selectFrom('downtime_endpoints').selectAll().execute(),
  ]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const endpointById = new Map(endpoints.map((e) => [e.id, e]));
  const named = new Map<number, PiEndpoint[]>();
  for (const link of links) {
    const endpoint = endpointById.get(link.endpoint_id);
    if (!endpoint) continue;
    const list = named.get(link.downtime_id) ?? [];
    list.push(endpoint);
    named.set(link.downtime_id, list);
  }
  return rows.flatMap((r) => {
    const site = siteById.get(r.site_id);
    if (!site) return [];
    const affected = named.get(r.id) ?? endpoints.filter((e) => e.site_id === r.site_id);
    return [{ ...r, site, endpoints: affected.sort((a, b) => a.id - b.id) }];
  });
}
