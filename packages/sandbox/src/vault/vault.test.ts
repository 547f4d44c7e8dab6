import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../store/db.js';
import { createVault, type Vault } from './index.js';

const ISS = 'https://issuer.test';
const ALICE = '2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90@egi.eu';
const BOB = '81b637d8fcd2c6da6359e6963113a1170de795e4b725b84d1e0b4cfd9ec58ce9@egi.eu';
const T0 = 1_700_000_000;
const DENIED = { errors: ['1 error occurred:\n\t* permission denied\n\n'] };

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let keys: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  keys = createLocalJWKSet({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }],
  });
});

let now: number;
let db: Db;
let vault: Vault;

function start(): Vault {
  return createVault({ db, issuer: ISS, keys, audiences: ['fedcloud'], now: () => now });
}

beforeEach(() => {
  now = T0;
  db = openDb(':memory:');
  vault = start();
});

function jwt(claims: Record<string, unknown> = {}, key: CryptoKey = signingKey): Promise<string> {
  return new SignJWT({
    iss: ISS,
    aud: 'fedcloud',
    sub: ALICE,
    iat: now,
    exp: now + 3600,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
    .sign(key);
}

interface Call {
  token?: string;
  json?: unknown;
  form?: string;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, options: Call = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['x-vault-token'] = options.token;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form;
  }
  const response = await vault.app.request(`http://vault.test${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: text ? JSON.parse(text) : undefined,
  };
}

async function login(sub = ALICE): Promise<string> {
  const response = await call('POST', '/v1/auth/jwt/login', {
    json: { role: '', jwt: await jwt({ sub }) },
  });
  expect(response.status).toBe(200);
  return response.body.auth.client_token as string;
}

describe('JWT login', () => {
  it("answers Vault's login body with an orphan token of the default role", async () => {
    const response = await call('POST', '/v1/auth/jwt/login', {
      json: { role: '', jwt: await jwt() },
    });
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json');
    expect(response.body).toMatchObject({
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: null,
      wrap_info: null,
      warnings: null,
      auth: {
        policies: ['default', 'fedcloud-user'],
        token_policies: ['default', 'fedcloud-user'],
        metadata: { role: 'fedcloud' },
        lease_duration: 3600,
        renewable: true,
        token_type: 'service',
        orphan: true,
        num_uses: 0,
      },
    });
    expect(response.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.auth.client_token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(response.body.auth.entity_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);

    const self = await call('GET', '/v1/auth/token/lookup-self', {
      token: response.body.auth.client_token,
    });
    expect(self.body.data).toMatchObject({
      id: response.body.auth.client_token,
      accessor: response.body.auth.accessor,
      display_name: `jwt-${ALICE}`,
      path: 'auth/jwt/login',
      meta: { role: 'fedcloud' },
      creation_time: T0,
      creation_ttl: 3600,
      ttl: 3600,
      explicit_max_ttl: 0,
      num_uses: 0,
      orphan: true,
      renewable: true,
      type: 'service',
      // T0 + 3600 s = 2023-11-14T23:13:20Z.
      expire_time: '2023-11-14T23:13:20.000Z',
      issue_time: '2023-11-14T22:13:20.000Z',
    });
  });

  it('takes the role by name, and the same entity for the same sub', async () => {
    const first = await call('POST', '/v1/auth/jwt/login', {
      json: { role: 'fedcloud', jwt: await jwt() },
    });
    const second = await call('POST', '/v1/auth/jwt/login', { json: { jwt: await jwt() } });
    expect(first.body.auth.entity_id).toBe(second.body.auth.entity_id);
    const bob = await call('POST', '/v1/auth/jwt/login', {
      json: { jwt: await jwt({ sub: BOB }) },
    });
    expect(bob.body.auth.entity_id).not.toBe(first.body.auth.entity_id);
  });

  it("refuses bad JWTs with vault-plugin-auth-jwt's messages", async () => {
    const refused = async (body: Record<string, unknown>) => {
      const response = await call('POST', '/v1/auth/jwt/login', { json: body });
      expect(response.status).toBe(400);
      return response.body.errors as string[];
    };
    expect(await refused({ jwt: await jwt({ exp: T0 - 61 }) })).toEqual([
      'error validating token: invalid expiration time (exp) claim: token is expired',
    ]);
    expect(await refused({ jwt: await jwt({ aud: 'someone-else' }) })).toEqual([
      'error validating token: invalid audience (aud) claim: audience claim does not match any expected audience',
    ]);
    expect(await refused({ jwt: await jwt({ iss: 'https://evil.test' }) })).toEqual([
      'error validating token: invalid issuer (iss) claim',
    ]);
    expect(await refused({ jwt: await jwt({}, otherKey) })).toEqual([
      'error validating token: error verifying token signature: failed to verify id token signature',
    ]);
    expect((await refused({ jwt: 'not.a-jwt' }))[0]).toMatch(
      /^error validating token: error verifying token signature: oidc: malformed jwt: /,
    );
    expect(await refused({ jwt: await jwt({ sub: undefined }) })).toEqual([
      'claim "sub" not found in token',
    ]);
    expect(await refused({ role: '' })).toEqual(['missing token']);
    expect(await refused({ role: 'admin', jwt: await jwt() })).toEqual([
      'role "admin" could not be found',
    ]);
  });

  it('accepts a token expired for less than the 60 s clock skew leeway', async () => {
    const response = await call('POST', '/v1/auth/jwt/login', {
      json: { jwt: await jwt({ exp: T0 - 30 }) },
    });
    expect(response.status).toBe(200);
  });
});

describe('the secrets/ KV v1 mount', () => {
  const mine = `/v1/secrets/users/${ALICE}`;

  it('writes, reads, lists and deletes under the user folder', async () => {
    const token = await login();
    expect(
      (await call('POST', `${mine}/app`, { token, json: { password: 'hunter2', n: 3 } })).status,
    ).toBe(204);
    expect((await call('PUT', `${mine}/dir/one`, { token, json: { k: 'v' } })).status).toBe(204);

    const read = await call('GET', `${mine}/app`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      lease_id: '',
      renewable: false,
      // The mount's default lease, 32 days.
      lease_duration: 2_764_800,
      data: { password: 'hunter2', n: 3 },
      auth: null,
      mount_type: 'kv',
    });
    // Go's encoding/json writes a map's keys sorted, whatever order they were written in.
    expect(Object.keys(read.body.data)).toEqual(['n', 'password']);
    const listed = await call('LIST', `${mine}/`, { token });
    expect(listed.body).toMatchObject({ lease_duration: 0, data: { keys: ['app', 'dir/'] } });
    // GET ?list=true is the same operation, and the trailing slash is added.
    expect((await call('GET', `${mine}?list=true`, { token })).body.data).toEqual({
      keys: ['app', 'dir/'],
    });

    expect((await call('DELETE', `${mine}/app`, { token })).status).toBe(204);
    expect(await call('GET', `${mine}/app`, { token })).toMatchObject({
      status: 404,
      body: { errors: [] },
    });
    expect((await call('LIST', `${mine}/nothing/`, { token })).body).toEqual({ errors: [] });
  });

  it("takes the lease from the secret's own ttl field", async () => {
    const token = await login();
    await call('POST', `${mine}/short`, { token, json: { ttl: '1h', v: 'x' } });
    expect((await call('GET', `${mine}/short`, { token })).body.lease_duration).toBe(3600);
  });

  it("refuses another user's folder, no token and unknown tokens with Vault's 403", async () => {
    const token = await login();
    await call('POST', `/v1/secrets/users/${BOB}/x`, { token: await login(BOB), json: { a: 1 } });
    for (const [method, path] of [
      ['GET', `/v1/secrets/users/${BOB}/x`],
      ['POST', `/v1/secrets/users/${BOB}/x`],
      ['LIST', `/v1/secrets/users/`],
      ['GET', '/v1/sys/mounts'],
    ] as const) {
      const response = await call(method, path, {
        token,
        json: method === 'POST' ? { a: 2 } : undefined,
      });
      expect(response, `${method} ${path}`).toMatchObject({ status: 403, body: DENIED });
    }
    expect(await call('GET', `${mine}/x`)).toMatchObject({ status: 403, body: DENIED });
    expect(await call('GET', `${mine}/x`, { token: 'hvs.nope' })).toMatchObject({
      status: 403,
      body: DENIED,
    });
    // Bob's secret is untouched.
    expect(
      (await call('GET', `/v1/secrets/users/${BOB}/x`, { token: await login(BOB) })).body.data,
    ).toEqual({ a: 1 });
  });

  it('accepts the token as a Bearer token too', async () => {
    const token = await login();
    await call('POST', `${mine}/b`, { token, json: { v: 1 } });
    const read = await call('GET', `${mine}/b`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.body.data).toEqual({ v: 1 });
  });

  it('answers empty writes and bad JSON with 400', async () => {
    const token = await login();
    expect((await call('POST', `${mine}/e`, { token, json: {} })).body).toEqual({
      errors: ['missing data fields'],
    });
    const bad = await vault.app.request(`http://vault.test${mine}/e`, {
      method: 'POST',
      headers: { 'x-vault-token': token, 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: ['error parsing JSON'] });
  });

  it('keeps values sealed and tokens hashed in the database, and both across a restart', async () => {
    const token = await login();
    await call('POST', `${mine}/db`, { token, json: { password: 'hunter2' } });
    const rows = db.prepare('SELECT * FROM vault_secrets').all() as { sealed: Buffer }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sealed.includes(Buffer.from('hunter2'))).toBe(false);
    const tokenRows = JSON.stringify(db.prepare('SELECT * FROM vault_tokens').all());
    expect(tokenRows).not.toContain(token.slice(4));

    vault = start();
    expect((await call('GET', `${mine}/db`, { token })).body.data).toEqual({ password: 'hunter2' });
  });
});

describe('tokens', () => {
  it('renews the login token to the asked increment', async () => {
    const token = await login();
    now += 600;
    const renewed = await call('POST', '/v1/auth/token/renew-self', {
      token,
      json: { increment: '24h' },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.auth).toMatchObject({
      client_token: token,
      lease_duration: 86_400,
      renewable: true,
    });
    const self = await call('GET', '/v1/auth/token/lookup-self', { token });
    expect(self.body.data).toMatchObject({
      ttl: 86_400,
      creation_ttl: 3600,
      last_renewal_time: T0 + 600,
    });
  });

  it('creates a locker: a child holding default only, with its TTL and uses', async () => {
    const token = await login();
    const created = await call('POST', '/v1/auth/token/create', {
      token,
      json: { policies: ['default'], ttl: '30m', num_uses: 3, renewable: false },
    });
    expect(created.status).toBe(200);
    expect(created.body.auth).toMatchObject({
      policies: ['default'],
      token_policies: ['default'],
      metadata: null,
      lease_duration: 1800,
      renewable: false,
      orphan: false,
      num_uses: 3,
      token_type: 'service',
    });
    const locker = created.body.auth.client_token as string;
    // Each request spends a use; the third and last still works, the fourth finds no token.
    expect(
      (await call('GET', '/v1/auth/token/lookup-self', { token: locker })).body.data,
    ).toMatchObject({
      num_uses: 2,
      path: 'auth/token/create',
      display_name: 'token',
      orphan: false,
      renewable: false,
      creation_ttl: 1800,
    });
    expect(
      (await call('POST', '/v1/cubbyhole/k', { token: locker, json: { a: 'b' } })).status,
    ).toBe(204);
    expect((await call('GET', '/v1/cubbyhole/k', { token: locker })).body).toMatchObject({
      lease_duration: 0,
      data: { a: 'b' },
      mount_type: 'cubbyhole',
    });
    expect(await call('GET', '/v1/cubbyhole/k', { token: locker })).toMatchObject({
      status: 403,
      body: DENIED,
    });
    expect(db.prepare('SELECT count(*) AS n FROM vault_secrets').get()).toEqual({ n: 0 });
  });

  it('spends a use on a refused request too, and shows -1 on the last one', async () => {
    const token = await login();
    const created = await call('POST', '/v1/auth/token/create', {
      token,
      json: { policies: ['default'], num_uses: 2 },
    });
    const locker = created.body.auth.client_token as string;
    expect((await call('GET', `/v1/secrets/users/${ALICE}/x`, { token: locker })).status).toBe(403);
    expect(
      (await call('GET', '/v1/auth/token/lookup-self', { token: locker })).body.data.num_uses,
    ).toBe(-1);
    expect((await call('GET', '/v1/auth/token/lookup-self', { token: locker })).status).toBe(403);
  });

  it('takes a locker request as fedcloudclient sends it: a form', async () => {
    const token = await login();
    const created = await call('POST', '/v1/auth/token/create', {
      token,
      form: 'policies=default&ttl=24h&num_uses=10&renewable=False',
    });
    expect(created.body.auth).toMatchObject({
      num_uses: 10,
      renewable: false,
      lease_duration: 86_400,
    });
    const locker = created.body.auth.client_token as string;
    expect(
      (await call('POST', '/v1/cubbyhole/app', { token: locker, form: 'user=me&password=s3cret' }))
        .status,
    ).toBe(204);
    expect((await call('GET', '/v1/cubbyhole/app', { token: locker })).body.data).toEqual({
      user: 'me',
      password: 's3cret',
    });
    expect((await call('GET', '/v1/cubbyhole/?list=true', { token: locker })).body.data).toEqual({
      keys: ['app'],
    });
  });

  it('refuses children with more than the default policy, orphans and non-renewable renewals', async () => {
    const token = await login();
    const refused = await call('POST', '/v1/auth/token/create', {
      token,
      json: { policies: ['default', 'fedcloud-user'] },
    });
    expect(refused).toMatchObject({ status: 403, body: DENIED });
    expect(
      (
        await call('POST', '/v1/auth/token/create', {
          token,
          json: { policies: ['default'], no_parent: true },
        })
      ).body,
    ).toEqual({ errors: ['root or sudo privileges required to create orphan token'] });
    const created = await call('POST', '/v1/auth/token/create', {
      token,
      json: { policies: ['default'], renewable: false },
    });
    const locker = created.body.auth.client_token as string;
    expect(created.body.auth.lease_duration).toBe(2_764_800);
    expect((await call('POST', '/v1/auth/token/renew-self', { token: locker })).body).toEqual({
      errors: ['lease is not renewable'],
    });
    // A locker cannot create tokens: default grants no auth/token/create.
    expect(
      (
        await call('POST', '/v1/auth/token/create', {
          token: locker,
          json: { policies: ['default'] },
        })
      ).status,
    ).toBe(403);
  });

  it('revokes children with their parent, and when the parent expires', async () => {
    const token = await login();
    const child = async () => {
      const created = await call('POST', '/v1/auth/token/create', {
        token,
        json: { policies: ['default'], ttl: '24h' },
      });
      const value = created.body.auth.client_token as string;
      await call('POST', '/v1/cubbyhole/c', { token: value, json: { v: 1 } });
      return value;
    };
    const first = await child();
    // The login token's own cubbyhole is another one.
    expect((await call('GET', '/v1/cubbyhole/c', { token })).status).toBe(404);
    now += 3601;
    expect((await call('GET', '/v1/cubbyhole/c', { token: first })).status).toBe(403);
    expect(db.prepare('SELECT count(*) AS n FROM vault_secrets').get()).toEqual({ n: 0 });

    now = T0;
    const parent = await login();
    const created = await call('POST', '/v1/auth/token/create', {
      token: parent,
      json: { policies: ['default'] },
    });
    const second = created.body.auth.client_token as string;
    expect((await call('POST', '/v1/auth/token/revoke-self', { token: parent })).status).toBe(204);
    expect((await call('GET', '/v1/auth/token/lookup-self', { token: second })).status).toBe(403);
    expect((await call('GET', '/v1/auth/token/lookup-self', { token: parent })).status).toBe(403);
  });

  it('reports capabilities of the calling token', async () => {
    const token = await login();
    const response = await call('POST', '/v1/sys/capabilities-self', {
      token,
      json: { paths: [`secrets/users/${ALICE}/x`] },
    });
    expect(response.body.data).toEqual({
      [`secrets/users/${ALICE}/x`]: ['create', 'delete', 'list', 'read', 'update'],
      capabilities: ['create', 'delete', 'list', 'read', 'update'],
    });
  });
});

describe('sys and the rest', () => {
  it('answers health without a token', async () => {
    const health = await call('GET', '/v1/sys/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      initialized: true,
      sealed: false,
      standby: false,
      server_time_utc: T0,
    });
    const head = await vault.app.request('http://vault.test/v1/sys/health', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await call('GET', '/v1/sys/seal-status')).body).toMatchObject({
      sealed: false,
      initialized: true,
    });
  });

  it('answers 404 outside /v1 and 405 for other methods', async () => {
    const outside = await vault.app.request('http://vault.test/ui/');
    expect(outside.status).toBe(404);
    expect((await call('PATCH', '/v1/secrets/x', { token: await login() })).status).toBe(405);
  });
});
