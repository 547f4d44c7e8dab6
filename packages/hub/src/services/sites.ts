import type { SiteDetail, SiteInput, SiteSummary } from '../api-types.js';
import type { HubDb, SiteRow, SitesTable } from '../db/tables.js';
import { HubError } from '../errors.js';
import { insertUnique } from './db-errors.js';
import { loadDowntimes } from './downtimes.js';
import { listSiteEndpoints } from './endpoints.js';
import { listExtensions } from './extensions.js';
import { requireSite } from './lookup.js';
import { loadSiteStates, type SiteState } from './site-status.js';
import { listSiteVos } from './site-vos.js';

type SiteColumns = Omit<SitesTable, 'id' | 'name' | 'created_at' | 'updated_at'>;

/** The columns a (partial) SiteInput sets; fields left out are not touched. */
function columnsOf(input: Partial<SiteInput>): Partial<SiteColumns> {
  const c: Partial<SiteColumns> = {};
  if (input.officialName !== undefined) c.official_name = input.officialName;
  if (input.description !== undefined) c.description = input.description;
  if (input.country !== undefined) c.country = input.country;
  if (input.countryCode !== undefined) c.country_code = input.countryCode;
  if (input.roc !== undefined) c.roc = input.roc;
  if (input.latitude !== undefined) c.latitude = input.latitude;
  if (input.longitude !== undefined) c.longitude = input.longitude;
  if (input.contactEmail !== undefined) c.contact_email = input.contactEmail;
  if (input.contactTel !== undefined) c.contact_tel = input.contactTel;
  if (input.homeUrl !== undefined) c.home_url = input.homeUrl;
  if (input.certificationStatus !== undefined) c.certification_status = input.certificationStatus;
  if (input.productionInfrastructure !== undefined) {
    c.production_infrastructure = input.productionInfrastructure;
  }
  if (input.timezone !== undefined) c.timezone = input.timezone;
  return c;
}

function toSummary(
  row: SiteRow,
  state: SiteState | undefined,
  counts: { vos: number; endpoints: number },
): SiteSummary {
  return {
    name: row.name,
    officialName: row.official_name,
    country: row.country,
    countryCode: row.country_code,
    latitude: row.latitude,
    longitude: row.longitude,
    certificationStatus: row.certification_status,
    productionInfrastructure: row.production_infrastructure,
    status: state?.status ?? 'no-info',
    voCount: counts.vos,
    endpointCount: counts.endpoints,
    lastPublishedAt: state?.lastPublishedAt ?? null,
    infoExpiresAt: state?.infoExpiresAt ?? null,
    statusReason: state?.statusReason ?? null,
    failingSince: state?.failingSince ?? null,
  };
}

async function countBySite(db: HubDb, table: 'site_vos' | 'endpoints') {
  const rows = await db
    .selectFrom(table)
    .select(['site_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('site_id')
    .execute();
  return new Map(rows.map((r) => [r.site_id, Number(r.n)]));
}

export async function listSites(db: HubDb, now: Date): Promise<SiteSummary[]> {
  const [rows, states, vos, endpoints] = await Promise.all([
    db.selectFrom('sites').selectAll().orderBy('name').execute(),
    loadSiteStates(db, now),
    countBySite(db, 'site_vos'),
    countBySite(db, 'endpoints'),
  ]);
  return rows.map((row) =>
    toSummary(row, states.get(row.id), {
      vos: vos.get(row.id) ?? 0,
      endpoints: endpoints.get(row.id) ?? 0,
    }),
  );
}

export async function getSiteDetail(db: HubDb, name: string, now: Date): Promise<SiteDetail> {
  const row = await requireSite(db, name);
  const [states, endpoints, vos, extensions, downtimes] = await Promise.all([
    loadSiteStates(db, now, [row.id]),
    listSiteEndpoints(db, row),
    listSiteVos(db, row),
    listExtensions(db, row),
    // The page of a site shows what is ongoing or announced; the full history is /downtimes.
    loadDowntimes(db, { siteId: row.id, notEnded: true }, now),
  ]);
  return {
    ...toSummary(row, states.get(row.id), { vos: vos.length, endpoints: endpoints.length }),
    description: row.description,
    roc: row.roc,
    contactEmail: row.contact_email,
    contactTel: row.contact_tel,
    homeUrl: row.home_url,
    timezone: row.timezone,
    extensions,
    endpoints,
    vos,
    downtimes,
  };
}

export async function createSite(db: HubDb, input: SiteInput, now: Date): Promise<SiteDetail> {
  const conflict = () =>
    new HubError('CONFLICT', `a site named ${input.name} already exists`, { site: input.name });
  const stamp = now.toISOString();
  await insertUnique(
    () => db.selectFrom('sites').select('id').where('name', '=', input.name).executeTakeFirst(),
    () =>
      db
        .insertInto('sites')
        .values({
          name: input.name,
          official_name: input.officialName ?? input.name,
          description: '',
          country: '',
          country_code: '',
          roc: '',
          latitude: null,
          longitude: null,
          contact_email: '',
          contact_tel: '',
          home_url: '',
          certification_status: 'Candidate',
          production_infrastructure: 'Production',
          timezone: 'UTC',
          ...columnsOf(input),
          created_at: stamp,
          updated_at: stamp,
        })
        .execute(),
    conflict,
  );
  return getSiteDetail(db, input.name, now);
}

export async function updateSite(
  db: HubDb,
  name: string,
  patch: Partial<SiteInput>,
  now: Date,
): Promise<SiteDetail> {
  const row = await requireSite(db, name);
  // Role grants, agents' configuration and GOCDB consumers key on the short name.
  if (patch.name !== undefined && patch.name !== name) {
    throw new HubError(
      'BAD_REQUEST',
      `a site cannot be renamed (${name} -> ${patch.name}); create a new site instead`,
    );
  }
  await db
    .updateTable('sites')
    .set({ ...columnsOf(patch), updated_at: now.toISOString() })
    .where('id', '=', row.id)
    .execute();
  return getSiteDetail(db, name, now);
}

/** Deletes a site with everything hanging off it, including the roles scoped to it. */
export async function deleteSite(db: HubDb, name: string): Promise<void> {
  const row = await requireSite(db, name);
  await db.transaction().execute(async (trx) => {
    // Explicit deletes: a recreated site of the same name must not inherit old grants, and
    // the children go even where a database does not enforce ON DELETE CASCADE.
    await trx
      .deleteFrom('role_grants')
      .where('role', 'in', ['site-admin', 'site-agent'])
      .where('target', '=', name)
      .execute();
    await trx.deleteFrom('info_health').where('site_id', '=', row.id).execute();
    await trx.deleteFrom('info_current').where('site_id', '=', row.id).execute();
    await trx.deleteFrom('info_documents').where('site_id', '=', row.id).execute();
    const downtimeIds = trx.selectFrom('downtimes').select('id').where('site_id', '=', row.id);
    await trx.deleteFrom('downtime_endpoints').where('downtime_id', 'in', downtimeIds).execute();
    await trx.deleteFrom('downtimes').where('site_id', '=', row.id).execute();
    await trx.deleteFrom('endpoints').where('site_id', '=', row.id).execute();
    await trx.deleteFrom('site_vos').where('site_id', '=', row.id).execute();
    await trx.deleteFrom('site_extensions').where('site_id', '=', row.id).execute();
    await trx.deleteFrom('sites').where('id', '=', row.id).execute();
  });
}
