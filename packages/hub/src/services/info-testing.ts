import type { Role, TokenVerifier } from '../auth/types.js';
import { createHubContext, type HubConfig, type HubContext } from '../context.js';
import type { HubDatabase } from '../db/database.js';
import type { HubDb } from '../db/tables.js';
import { HubError } from '../errors.js';

/**
 * Test doubles for the information system's tests and benchmark: a verifier that knows fixed
 * tokens, a context around a test database, and direct inserts for the registry rows the
 * information system reads (the registry's own routes are not needed to test it).
 */
export function fixedTokenVerifier(
  tokens: Record<string, { subject: string; isClient?: boolean }>,
): TokenVerifier {
  return {
    verify(token) {
      const identity = tokens[token];
      if (!identity) return Promise.reject(new HubError('UNAUTHENTICATED', 'unknown test token'));
      return Promise.resolve({
        subject: identity.subject,
        isClient: identity.isClient ?? false,
        ...(identity.isClient ? { clientId: identity.subject } : {}),
      });
    },
  };
}

export interface TestClock {
  now: () => Date;
  set(value: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2025-06-01T12:00:00Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(value) {
      current = new Date(value);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

export function testHubContext(
  database: HubDatabase,
  options: {
    verifier?: TokenVerifier;
    now?: () => Date;
    config?: Partial<HubConfig>;
  } = {},
): HubContext {
  return createHubContext({
    database,
    verifier: options.verifier ?? fixedTokenVerifier({}),
    now: options.now ?? (() => new Date()),
    config: {
      publicUrl: 'https://hub.example.org',
      issuerUrl: 'https://issuer.example.org',
      admins: [],
      maxDocumentBytes: 2 * 1024 * 1024,
      ...options.config,
    },
  });
}

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
