import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { ROLES } from '../keystone/token-model.js';
import { issueToken } from '../keystone/token-store.js';
import { buildSiteApp } from '../site-app.js';
import type { IssuerLink, SiteContext } from '../site/context.js';
import { noFaults } from '../site/faults.js';
import { seedSite } from '../site-seed.js';
import type { SiteSpec } from '../site/spec.js';
import { buildSiteSpec } from '../site/specs.js';
import { openDb } from '../store/db.js';
import { ResourceStore } from '../store/resources.js';

export interface TestSite {
  site: SiteContext;
  app: Hono;
  /** A project-scoped token for a member of the VO's project (the first VO by default). */
  memberToken: (vo?: string) => string;
  /** A token for the site admin, scoped to the admin project. */
  adminToken: () => string;
  /** Sends a JSON request through the app without a socket. */
  call: (
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<Response>;
}

const OFFLINE_ISSUER: IssuerLink = {
  issuer: 'https://issuer.invalid',
  jwksUri: 'https://issuer.invalid/jwks',
  userinfoEndpoint: 'https://issuer.invalid/me',
  fetch: () => Promise.reject(new Error('no issuer in this test')),
};

/**
 * A seeded site on an in-memory database, for service tests that need no sockets. Tokens are
 * minted directly in the site's Keystone store; the OIDC login itself is tested elsewhere.
 */
export function createTestSite(
  overrides: Partial<SiteSpec> = {},
  issuer: IssuerLink = OFFLINE_ISSUER,
): TestSite {
  const spec: SiteSpec = {
    ...buildSiteSpec(0, { count: 1, buildDelayMs: 0, tokenTtlSeconds: 3600, secret: 'test' }),
    ...overrides,
  };
  const site: SiteContext = {
    spec,
    store: new ResourceStore(openDb(':memory:'), spec.name),
    baseUrl: 'https://127.0.0.1:7501',
    faults: noFaults(),
    issuer,
    dataDir: mkdtempSync(join(tmpdir(), 'fedcloud-site-')),
    now: () => new Date(),
  };
  seedSite(site);
  const app = buildSiteApp(site);

  const memberToken = (vo?: string): string => {
    const project = vo ? spec.vos.find((p) => p.vo === vo) : spec.vos[0];
    if (!project) throw new Error(`site ${spec.name} does not support ${vo}`);
    return issueToken(site, {
      methods: ['openid'],
      userId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      userName: 'alice@egi.eu',
      domainId: 'Federated',
      domainName: 'Federated',
      projectId: project.projectId,
      roles: [ROLES.member, ROLES.reader],
    }).value;
  };
  const adminToken = (): string =>
    issueToken(site, {
      methods: ['password'],
      userId: spec.adminUserId,
      userName: 'admin',
      domainId: 'default',
      domainName: 'Default',
      projectId: spec.adminProjectId,
      roles: [ROLES.admin, ROLES.member, ROLES.reader],
    }).value;

  const call: TestSite['call'] = (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['X-Auth-Token'] = options.token;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };

  return { site, app, memberToken, adminToken, call };
}
