import type { HubDb } from '../../db/tables.js';
import { HubError } from '../../errors.js';

/** GOCDB's service type of a site's APEL sender; its Host DN is the DN that signs (migrating_to_ams.md). */
export const ACCOUNTING_SERVICE_TYPE = 'eu.egi.cloud.accounting';

/**
 * The site whose accounting endpoint is registered with this Host DN, compared as the APEL
 * receiver compares its allowed DNs: exactly, in OpenSSL's one-line form (`/C=../O=../CN=..`,
 * what GOCDB's HOSTDN and our registry's `hostDn` hold), spaces around it ignored.
 * @throws HubError FORBIDDEN when no endpoint, or endpoints of two sites, have that DN
 */
export async function siteOfSigner(db: HubDb, dn: string): Promise<string> {
  const rows = await db
    .selectFrom('endpoints')
    .innerJoin('sites', 'sites.id', 'endpoints.site_id')
    .select('sites.name')
    .distinct()
    .where('endpoints.service_type', '=', ACCOUNTING_SERVICE_TYPE)
    .where('endpoints.host_dn', '=', dn.trim())
    .execute();
  if (rows.length === 1) return rows[0]!.name;
  if (rows.length === 0) {
    throw new HubError(
      'FORBIDDEN',
      `${dn} is not the Host DN of any ${ACCOUNTING_SERVICE_TYPE} endpoint in this hub: register the accounting endpoint of the site with this DN (as in GOCDB), then send again`,
      { dn },
    );
  }
  throw new HubError(
    'FORBIDDEN',
    `${dn} is the Host DN of ${ACCOUNTING_SERVICE_TYPE} endpoints of several sites (${rows.map((r) => r.name).join(', ')}): a DN may speak for one site only`,
    { dn },
  );
}
