import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type EphemeralSandbox, startEphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLocations } from '../../../test/locations.js';
import type { HubDb } from '../../db/tables.js';
import { HubError } from '../../errors.js';
import { type RunningHub, startHub } from '../../server.js';
import { buildGlueDocument } from '../../testing/index.js';
import { grantRole } from '../../services/roles.js';
import { createSite } from '../../services/sites.js';
import { createVo } from '../../services/vos.js';

/**
 * Who may write what, through a real hub over HTTP with real tokens of the sandbox's OIDC
 * issuer (the JWKS is fetched from the issuer, nothing is stubbed).
 */
const CALLERS = [
  'anonymous',
  'user',
  'fed-admin',
  'admin-A',
  'admin-B',
  'manager-V',
  'agent-A',
] as const;
type Caller = (typeof CALLERS)[number];

const A = 'SITE-A';
const B = 'SITE-B';
const V = 'vo.matrix.example.org';

interface Write {
  action: string;
  allowed: Caller[];
  send(n: number): { method: string; path: string; body?: unknown };
}

const WRITES: Write[] = [
  {
    action: 'site.create',
    allowed: ['fed-admin'],
    send: (n) => ({ method: 'POST', path: '/api/v1/sites', body: { name: `NEW-${n}` } }),
  },
  {
    action: 'site.update A',
    allowed: ['fed-admin', 'admin-A'],
    send: (n) => ({ method: 'PATCH', path: `/api/v1/sites/${A}`, body: { description: `d${n}` } }),
  },
  {
    action: 'site.delete A',
    allowed: ['fed-admin'],
    send: () => ({ method: 'DELETE', path: `/api/v1/sites/${A}` }),
  },
  {
    action: 'endpoint write on A',
    allowed: ['fed-admin', 'admin-A'],
    send: (n) => ({
      method: 'POST',
      path: `/api/v1/sites/${A}/endpoints`,
      body: { serviceType: 'org.openstack.nova', url: `https://k${n}.example.org:5000/v3` },
    }),
  },
  {
    action: 'site-vo write on A',
    allowed: ['fed-admin', 'admin-A'],
    send: (n) => ({
      method: 'PUT',
      path: `/api/v1/sites/${A}/vos/${V}`,
      body: { projectId: `p${n}` },
    }),
  },
  {
    action: 'extension write on A',
    allowed: ['fed-admin', 'admin-A'],
    send: (n) => ({
      method: 'PUT',
      path: `/api/v1/sites/${A}/extensions/cloud_max_cores4VM`,
      body: { value: String(n) },
    }),
  },
  {
    action: 'downtime write on A',
    allowed: ['fed-admin', 'admin-A'],
    send: () => ({
      method: 'POST',
      path: `/api/v1/sites/${A}/downtimes`,
      body: {
        classification: 'SCHEDULED',
        severity: 'WARNING',
        startAt: '2030-01-01T00:00:00Z',
        endAt: '2030-01-02T00:00:00Z',
      },
    }),
  },
  {
    action: 'info publish on A',
    allowed: ['fed-admin', 'admin-A', 'agent-A'],
    send: () => ({
      method: 'PUT',
      path: `/api/v1/sites/${A}/info`,
      body: buildGlueDocument({
        site: A,
        endpointUrl: 'https://keystone.site-a.example.org:5000/v3',
        creationTime: new Date(),
        vos: [{ name: V, projectId: 'p-info' }],
      }),
    }),
  },
  {
    action: 'vo.create',
    allowed: ['fed-admin'],
    send: (n) => ({
      method: 'POST',
      path: '/api/v1/vos',
      body: { name: `vo.new${n}.example.org` },
    }),
  },
  {
    action: 'vo.update V',
    allowed: ['fed-admin', 'manager-V'],
    send: (n) => ({ method: 'PATCH', path: `/api/v1/vos/${V}`, body: { description: `d${n}` } }),
  },
  {
    action: 'role.manage',
    allowed: ['fed-admin'],
    send: (n) => ({
      method: 'POST',
      path: '/api/v1/roles',
      body: { subject: `someone-${n}`, role: 'site-admin', target: A },
    }),
  },
];

const ignoreConflict = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof HubError && error.code === 'CONFLICT')) throw error;
  }
};

/** Puts back what a previous write may have removed (site A, its grants), idempotently. */
async function ensureFixtures(db: HubDb) {
  const now = new Date();
  for (const name of [A, B]) await ignoreConflict(() => createSite(db, { name }, now));
  await ignoreConflict(() => createVo(db, { name: V }, now));
  const grants: [string, string, string][] = [
    ['admin-a', 'site-admin', A],
    ['admin-b', 'site-admin', B],
    ['manager-v', 'vo-manager', V],
    ['agent-a', 'site-agent', A],
  ];
  for (const [subject, role, target] of grants) {
    await ignoreConflict(() => grantRole(db, { subject, role, target }, 'test', now));
  }
}

let sb: EphemeralSandbox;
const tokens = new Map<Caller, string>();

beforeAll(async () => {
  sb = await startEphemeralSandbox({ sites: 1 });
  const sign = (claims: Record<string, unknown>) => sb.issuer.signAccessTokenForTests(claims);
  tokens.set('user', await sb.tokenFor('alice'));
  tokens.set('fed-admin', await sign({ sub: 'root-admin', scope: 'openid' }));
  tokens.set('admin-A', await sign({ sub: 'admin-a', scope: 'openid' }));
  tokens.set('admin-B', await sign({ sub: 'admin-b', scope: 'openid' }));
  tokens.set('manager-V', await sign({ sub: 'manager-v', scope: 'openid' }));
  // A client-credentials token: sub is the client id.
  tokens.set('agent-A', await sign({ sub: 'agent-a', client_id: 'agent-a', scope: 'openid' }));
});
afterAll(() => sb?.cleanup());

describe.each(databaseLocations().map((d) => [d.name, d] as const))(
  'authorisation matrix over HTTP with real tokens (%s)',
  (_n, where) => {
    let hub: RunningHub;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const place = await where.create();
      drop = () => place.drop();
      hub = await startHub({
        database: place.location,
        issuerUrl: sb.issuerUrl,
        fetch: sb.fetch,
        port: 0,
        admins: ['root-admin'],
        dashboardDir: false,
      });
    });
    afterAll(async () => {
      await hub?.stop();
      await drop?.();
    });

    async function call(caller: Caller, request: { method: string; path: string; body?: unknown }) {
      const headers: Record<string, string> = {};
      const token = tokens.get(caller);
      if (token) headers.authorization = `Bearer ${token}`;
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${hub.url}${request.path}`, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
      return { status: res.status, body: (await res.text()) || '{}' };
    }

    it('sees each caller as the hub should (whoami)', async () => {
      await ensureFixtures(hub.context.database.db);
      const whoami = async (caller: Caller) =>
        JSON.parse((await call(caller, { method: 'GET', path: '/api/v1/whoami' })).body);
      expect(await whoami('anonymous')).toEqual({ kind: 'anonymous', grants: [] });
      expect(await whoami('user')).toMatchObject({ kind: 'user', grants: [] });
      expect(await whoami('fed-admin')).toMatchObject({
        subject: 'root-admin',
        grants: [{ role: 'federation-admin', target: '' }],
      });
      expect(await whoami('agent-A')).toEqual({
        kind: 'client',
        subject: 'agent-a',
        grants: [{ role: 'site-agent', target: A }],
      });
    });

    let n = 0;
    const rows = WRITES.flatMap((w) => CALLERS.map((caller) => [w.action, caller, w] as const));
    it.each(rows)('%s by %s', async (_action, caller, write) => {
      await ensureFixtures(hub.context.database.db);
      n += 1;
      const { status, body } = await call(caller, write.send(n));
      const error = (JSON.parse(body) as { error?: { message?: string } }).error;
      if (caller === 'anonymous') {
        expect([status, error?.message]).toEqual([
          401,
          expect.stringMatching(/needs a bearer token/),
        ]);
      } else if (write.allowed.includes(caller)) {
        expect(status, body).toBeGreaterThanOrEqual(200);
        expect(status, body).toBeLessThan(300);
      } else {
        expect([status, error?.message]).toEqual([
          403,
          expect.stringMatching(/ may not .*: needs /),
        ]);
      }
    });

    it('refuses an expired token and one signed by a foreign key with a clear 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await sb.issuer.signAccessTokenForTests({
        sub: 'root-admin',
        iat: now - 7200,
        exp: now - 3600,
      });
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      const foreign = await new SignJWT({ scope: 'openid' })
        .setProtectedHeader({ alg: 'RS256', kid: (await exportJWK(publicKey)).kid ?? 'foreign' })
        .setIssuer(sb.issuer.issuer)
        .setSubject('root-admin')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      for (const [token, message] of [
        [expired, 'the access token has expired; get a new one'],
        [foreign, 'the access token is not a valid token of this federation’s issuer'],
      ] as const) {
        const res = await fetch(`${hub.url}/api/v1/sites`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'NEVER' }),
        });
        expect(res.status).toBe(401);
        expect((await res.json()).error).toEqual({ code: 'UNAUTHENTICATED', message });
      }
      const sites = await (await fetch(`${hub.url}/api/v1/sites`)).json();
      expect(sites.map((s: { name: string }) => s.name)).not.toContain('NEVER');
    });

    it("refuses the issuer's tokens for another audience and those without exp (401)", async () => {
      const otherAudience = await sb.issuer.signAccessTokenForTests({
        sub: 'root-admin',
        aud: 'some-other-service',
      });
      const forever = await sb.issuer.signAccessTokenForTests({
        sub: 'root-admin',
        exp: undefined,
      });
      for (const [token, message] of [
        [
          otherAudience,
          'the access token is for another audience; this hub accepts fedcloud (--audience / FEDCLOUD_HUB_AUDIENCE)',
        ],
        [forever, 'the access token has no expiry (exp); this hub accepts only tokens that expire'],
      ] as const) {
        const res = await fetch(`${hub.url}/api/v1/sites`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'NEVER' }),
        });
        expect(res.status).toBe(401);
        expect((await res.json()).error).toEqual({ code: 'UNAUTHENTICATED', message });
      }
    });
  },
);
