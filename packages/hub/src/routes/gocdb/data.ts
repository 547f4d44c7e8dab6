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

/**
 * The registry as the PI reads it, id-ordered like GOCDB's results. With `name`, only the site of
 * that name in any case (what `sitename=NAME` without a wildcard matches): an agent asks for its
 * own site, and loading all 300 for each of 300 agents made the federation's start quadratic.
 */
export async function loadSites(db: HubDb, name?: string): Promise<PiSite[]> {
  const allExtensions = db
    .selectFrom('site_extensions')
    .selectAll()
    .orderBy('site_id')
    .orderBy('key');
  let sites: SiteRow[];
  let extensions: { site_id: number; key: string; value: string }[];
  if (name === undefined) {
    [sites, extensions] = await Promise.all([
      db.selectFrom('sites').selectAll().orderBy('id').execute(),
      allExtensions.execute(),
    ]);
  } else {
    sites = await db
      .selectFrom('sites')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .orderBy('id')
      .execute();
    const ids = sites.map((s) => s.id);
    extensions = ids.length === 0 ? [] : await allExtensions.where('site_id', 'in', ids).execute();
  }
  const bySite = new Map<number, { key: string; value: string }[]>();
  for (const e of extensions) {
    const list = bySite.get(e.site_id) ?? [];
    list.push({ key: e.key, value: e.value });
    bySite.set(e.site_id, list);
  }
  return sites.map((s) => ({ ...s, extensions: bySite.get(s.id) ?? [] }));
}

/** The endpoints of `sites`; `narrowed` when those are not all the sites (see loadSites). */
export async function loadEndpoints(
  db: HubDb,
  sites: PiSite[],
  narrowed = false,
): Promise<PiEndpoint[]> {
  const siteById = new Map(sites.map((s) => [s.id, s]));
  if (narrowed && sites.length === 0) return [];
  const all = db.selectFrom('endpoints').selectAll().orderBy('id');
  const rows = await (narrowed ? all.where('site_id', 'in', [...siteById.keys()]) : all).execute();
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
