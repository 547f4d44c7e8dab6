import type { Role } from '../auth/types.js';
import type { HubDb } from '../db/tables.js';

/**
 * Direct inserts of the registry rows the information system reads, so its tests and the
 * benchmark need not go through the registry's own routes and permissions.
 */
export interface InsertedSite {
  id: number;
  /** Id of its org.openstack.nova endpoint (GOCDB primary key `${id}G0`), if one was added. */
  novaEndpointId?: number;
}

export async function insertSite(
  db: HubDb,
  name: string,
  options: {
    novaUrl?: string;
    officialName?: string;
    country?: string;
    latitude?: number | null;
    longitude?: number | null;
    contactEmail?: string;
    roc?: string;
  } = {},
): Promise<InsertedSite> {
  const now = new Date().toISOString();
  const site = await db
    .insertInto('sites')
    .values({
      name,
      official_name: options.officialName ?? `${name} cloud`,
      description: '',
      country: options.country ?? '',
      country_code: '',
      roc: options.roc ?? '',
      latitude: options.latitude ?? null,
      longitude: options.longitude ?? null,
      contact_email: options.contactEmail ?? '',
      contact_tel: '',
      home_url: '',
      certification_status: 'Certified',
      production_infrastructure: 'Production',
      timezone: 'UTC',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!options.novaUrl) return { id: site.id };
  const endpoint = await db
    .insertInto('endpoints')
    .values({
      site_id: site.id,
      service_type: 'org.openstack.nova',
      hostname: new URL(options.novaUrl).hostname,
      url: options.novaUrl,
      host_dn: '',
      host_os: '',
      host_arch: '',
      in_production: 1,
      monitored: 1,
      beta: 0,
      description: '',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: site.id, novaEndpointId: endpoint.id };
}

export async function grantRole(
  db: HubDb,
  subject: string,
  role: Role,
  target: string,
): Promise<void> {
  await db
    .insertInto('role_grants')
    .values({ subject, role, target, created_at: new Date().toISOString(), created_by: 'test' })
    .execute();
}
