import type { OpenAPIHono } from '@hono/zod-openapi';
import { createHubApp } from '../src/app.js';
import type { TokenVerifier } from '../src/auth/types.js';
import { createHubContext, type HubContext } from '../src/context.js';
import { HubError } from '../src/errors.js';
import { grantRole } from '../src/services/roles.js';
import type { TestDatabase, TestDatabaseHandle } from '../src/testing/index.js';

/**
 * Unit-test double of the token verifier: "user:<sub>" and "client:<id>" are valid tokens of
 * that subject, anything else is refused. Only for app.request() tests; the integration tests
 * use real tokens of the sandbox issuer.
 */
export const fakeVerifier: TokenVerifier = {
  verify(token) {
    const match = /^(user|client):(.+)$/.exec(token);
    if (!match) return Promise.reject(new HubError('UNAUTHENTICATED', 'test verifier: bad token'));
    const subject = match[2]!;
    return Promise.resolve(
      match[1] === 'client'
        ? { subject, clientId: subject, isClient: true }
        : { subject, isClient: false },
    );
  },
};

export interface Harness {
  app: OpenAPIHono;
  ctx: HubContext;
  database: TestDatabaseHandle;
  /** The hub's clock; tests move it. */
  clock: { now: Date };
  request(
    method: string,
    path: string,
    options?: { token?: string; json?: unknown; body?: string; contentType?: string },
  ): Promise<Response>;
  grant(subject: string, role: string, target?: string): Promise<void>;
  close(): Promise<void>;
}

export const ADMIN = 'user:root';

export async function openHarness(
  tdb: TestDatabase,
  start = '2025-03-01T12:00:00Z',
): Promise<Harness> {
  const database = await tdb.open();
  const clock = { now: new Date(start) };
  const ctx = createHubContext({
    database,
    verifier: fakeVerifier,
    config: {
      publicUrl: 'https://hub.example.org',
      issuerUrl: 'https://issuer.example.org',
      admins: ['root'],
      maxDocumentBytes: 1_000_000,
    },
    now: () => clock.now,
  });
  const app = createHubApp(ctx);
  return {
    app,
    ctx,
    database,
    clock,
    request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] = 'application/json';
      } else if (options.body !== undefined) {
        body = options.body;
        headers['content-type'] = options.contentType ?? 'application/json';
      }
      return Promise.resolve(app.request(path, { method, headers, ...(body ? { body } : {}) }));
    },
    async grant(subject, role, target) {
      await grantRole(database.db, { subject, role, target }, 'test', clock.now);
    },
    close: () => database.drop(),
  };
}

/** Every table the registry tests look at, for checks that nothing was written. */
export async function rowCounts(h: Harness): Promise<Record<string, number>> {
  const db = h.database.db;
  const count = async (
    table: 'sites' | 'endpoints' | 'downtimes' | 'vos' | 'site_vos' | 'role_grants',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    sites: await count('sites'),
    endpoints: await count('endpoints'),
    downtimes: await count('downtimes'),
    vos: await count('vos'),
    site_vos: await count('site_vos'),
    role_grants: await count('role_grants'),
  };
}
