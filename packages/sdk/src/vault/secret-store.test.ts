import type { Transport } from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { resolveVaultUrl, vaultApiUrl } from './connection.js';
import {
  checkLocker,
  createLocker,
  openSecretStore,
  revokeLocker,
  secretOwner,
} from './secret-store.js';
import { vaultErrors } from './vault-error.js';

interface Sent {
  method: string;
  url: string;
  token: string | null;
  body: unknown;
  redirect: string | undefined;
}

/** A Vault that answers from a script, recording what it was sent. */
function fakeVault(answers: [number, unknown][]) {
  const sent: Sent[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    sent.push({
      method: init?.method ?? 'GET',
      url: input instanceof Request ? input.url : String(input),
      token: headers.get('x-vault-token'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      redirect: init?.redirect,
    });
    const [status, body] = answers.shift() ?? [500, { errors: ['script ran out'] }];
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  const transport: Transport = { fetch, timeoutMs: 5000 };
  return { conn: { url: 'https://vault.test:8200', transport }, sent };
}

/** An unsigned JWT: the client only reads `sub` from it, as fedcloudclient does. */
function jwt(claims: object): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const ACCESS = jwt({ sub: 'abc123@egi.eu', iss: 'https://aai.egi.eu/auth/realms/egi', exp: 2e9 });
const LOGIN = { auth: { client_token: 'hvs.login-token-0001', policies: ['default'] } };

describe('the user store (secrets/users/<sub>/)', () => {
  it('logs in once with the JWT (role "") and reads users/<sub>/<path> with X-Vault-Token', async () => {
    const { conn, sent } = fakeVault([
      [200, LOGIN],
      [200, { data: { user: 'ann', password: 'x' }, lease_duration: 2764800 }],
      [200, { data: { keys: ['app', 'dir/'] } }],
    ]);
    const store = openSecretStore(conn, { accessToken: ACCESS });
    expect(await store.read('app')).toEqual({ user: 'ann', password: 'x' });
    expect(await store.list('')).toEqual(['app', 'dir/']);
    expect(sent.map((s) => [s.method, s.url, s.token])).toEqual([
      ['POST', 'https://vault.test:8200/v1/auth/jwt/login', null],
      [
        'GET',
        'https://vault.test:8200/v1/secrets/users/abc123%40egi.eu/app',
        'hvs.login-token-0001',
      ],
      [
        'GET',
        'https://vault.test:8200/v1/secrets/users/abc123%40egi.eu/?list=true',
        'hvs.login-token-0001',
      ],
    ]);
    expect(sent[0]!.body).toEqual({ role: '', jwt: ACCESS });
    // fetch would carry X-Vault-Token across a redirect: none is followed.
    expect(sent.every((s) => s.redirect === 'manual')).toBe(true);
  });

  it('writes the whole secret with POST and deletes with DELETE', async () => {
    const { conn, sent } = fakeVault([
      [200, LOGIN],
      [204, undefined],
      [204, undefined],
    ]);
    const store = openSecretStore(conn, { accessToken: ACCESS });
    await store.write('a/b', { k: 'v', n: 1 });
    await store.remove('a/b');
    expect(sent.slice(1).map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', 'https://vault.test:8200/v1/secrets/users/abc123%40egi.eu/a/b', { k: 'v', n: 1 }],
      ['DELETE', 'https://vault.test:8200/v1/secrets/users/abc123%40egi.eu/a/b', undefined],
    ]);
  });

  it("turns Vault's 403 into VAULT_ERROR with Vault's words, the status and no token", async () => {
    const { conn } = fakeVault([
      [200, LOGIN],
      [403, { errors: ['1 error occurred:\n\t* permission denied\n\n'] }],
    ]);
    const store = openSecretStore(conn, { accessToken: ACCESS });
    const error = await store.read('../someone-else/app').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VAULT_ERROR',
      message:
        'Error when accessing secrets on server. Server response: Forbidden: permission denied, on GET https://vault.test:8200/v1/secrets/users/someone-else/app (HTTP 403)',
      details: { status: 403, errors: ['permission denied'] },
      hint: expect.stringContaining('only their own secrets') as unknown,
    });
    expect(JSON.stringify(error)).not.toContain('hvs.login-token-0001');
  });

  it('says SECRET_NOT_FOUND for a 404 with an empty errors list', async () => {
    const { conn } = fakeVault([
      [200, LOGIN],
      [404, { errors: [] }],
    ]);
    await expect(openSecretStore(conn, { accessToken: ACCESS }).read('nope')).rejects.toMatchObject(
      {
        code: 'SECRET_NOT_FOUND',
        message: expect.stringContaining('InvalidPath: nothing at this path, on GET') as unknown,
      },
    );
  });

  it('explains a refused login and keeps the JWT out of the message', async () => {
    const { conn } = fakeVault([[400, { errors: [`error validating token: bad ${ACCESS}`] }]]);
    const error = (await openSecretStore(conn, { accessToken: ACCESS })
      .read('x')
      .catch((e: unknown) => e)) as Error & { hint: string };
    expect(error.message).toContain('InvalidRequest: error validating token: bad <redacted>');
    expect(error.message).not.toContain(ACCESS);
    expect(error.hint).toContain('fedcloud token check');
  });

  it('scrubs the values being written from a refusal that echoes them', async () => {
    const { conn } = fakeVault([
      [200, LOGIN],
      [400, { errors: ['cannot store topsecret-value'] }],
    ]);
    const error = (await openSecretStore(conn, { accessToken: ACCESS })
      .write('x', { k: 'topsecret-value' })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('cannot store <redacted>');
  });

  it('needs a JWT with a sub: the folder is named after it', () => {
    expect(secretOwner(ACCESS)).toBe('abc123@egi.eu');
    expect(() => secretOwner('opaque-token')).toThrow(
      expect.objectContaining({ code: 'TOKEN_INVALID' }),
    );
    expect(() => secretOwner(jwt({ iss: 'x' }))).toThrow(
      expect.objectContaining({ code: 'TOKEN_INVALID' }),
    );
  });
});

describe('lockers (a token of their own and its cubbyhole)', () => {
  it('create: login, renew-self by the TTL, then a child token as hvac sends it', async () => {
    const child = {
      client_token: 'hvs.locker-0002',
      accessor: 'acc',
      policies: ['default'],
      token_policies: ['default'],
      metadata: null,
      lease_duration: 3600,
      renewable: false,
      num_uses: 3,
    };
    const { conn, sent } = fakeVault([
      [200, LOGIN],
      [200, LOGIN],
      [200, { auth: child }],
    ]);
    const locker = await createLocker(conn, ACCESS, { ttl: '1h', numUses: 3 });
    expect(locker).toEqual(child);
    // In Vault's order, as fedcloudclient prints it (not the schema's).
    expect(Object.keys(locker)).toEqual(Object.keys(child));
    expect(
      sent.map((s) => [s.method, s.url.replace('https://vault.test:8200', ''), s.token]),
    ).toEqual([
      ['POST', '/v1/auth/jwt/login', null],
      ['POST', '/v1/auth/token/renew-self', 'hvs.login-token-0001'],
      ['POST', '/v1/auth/token/create', 'hvs.login-token-0001'],
    ]);
    expect(sent[1]!.body).toEqual({ increment: '1h' });
    expect(sent[2]!.body).toEqual({
      policies: ['default'],
      no_parent: false,
      no_default_policy: false,
      renewable: false,
      ttl: '1h',
      display_name: 'token',
      num_uses: 3,
    });
  });

  it('reads and writes the cubbyhole with the locker token, no login', async () => {
    const { conn, sent } = fakeVault([
      [204, undefined],
      [200, { data: { k: 'v' } }],
      [200, { data: { keys: ['a'] } }],
      [204, undefined],
    ]);
    const store = openSecretStore(conn, { lockerToken: 'hvs.locker-0002' });
    await store.write('a', { k: 'v' });
    expect(await store.read('a')).toEqual({ k: 'v' });
    expect(await store.list('')).toEqual(['a']);
    await store.remove('a');
    expect(
      sent.map((s) => [s.method, s.url.replace('https://vault.test:8200', ''), s.token]),
    ).toEqual([
      ['POST', '/v1/cubbyhole/a', 'hvs.locker-0002'],
      ['GET', '/v1/cubbyhole/a', 'hvs.locker-0002'],
      ['GET', '/v1/cubbyhole/?list=true', 'hvs.locker-0002'],
      ['DELETE', '/v1/cubbyhole/a', 'hvs.locker-0002'],
    ]);
  });

  it('a used-up or expired locker: 403 with a hint to check it', async () => {
    const { conn } = fakeVault([[403, { errors: ['permission denied'] }]]);
    const error = (await openSecretStore(conn, { lockerToken: 'hvs.locker-0002' })
      .read('a')
      .catch((e: unknown) => e)) as Error & { hint: string; code: string };
    expect(error.code).toBe('VAULT_ERROR');
    expect(error.hint).toContain('fedcloud secret locker check');
    expect(error.message).not.toContain('hvs.locker-0002');
  });

  it('check is lookup-self, revoke is revoke-self', async () => {
    const { conn, sent } = fakeVault([
      [200, { data: { num_uses: 9, ttl: 3599, id: 'hvs.locker-0002' } }],
      [204, undefined],
    ]);
    expect(await checkLocker(conn, 'hvs.locker-0002')).toEqual({
      num_uses: 9,
      ttl: 3599,
      id: 'hvs.locker-0002',
    });
    await revokeLocker(conn, 'hvs.locker-0002');
    expect(sent.map((s) => [s.method, s.url.replace('https://vault.test:8200', '')])).toEqual([
      ['GET', '/v1/auth/token/lookup-self'],
      ['POST', '/v1/auth/token/revoke-self'],
    ]);
  });
});

describe('Vault connection details', () => {
  it('takes --vault-url, else FEDCLOUD_VAULT_URL, else EGI’s Vault', () => {
    expect(resolveVaultUrl(undefined, {})).toBe('https://vault.services.fedcloud.eu:8200');
    expect(resolveVaultUrl(undefined, { FEDCLOUD_VAULT_URL: 'https://v.example:8200/' })).toBe(
      'https://v.example:8200',
    );
    expect(resolveVaultUrl('http://127.0.0.1:1/x/', { FEDCLOUD_VAULT_URL: 'https://v' })).toBe(
      'http://127.0.0.1:1/x',
    );
    for (const bad of ['not a url', 'ftp://v', 'https://u:p@v', 'https://v/?a=b']) {
      expect(() => resolveVaultUrl(bad, {})).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
  });

  it('percent-encodes each path segment as hvac does, keeping the slashes', () => {
    expect(vaultApiUrl('https://v', 'secrets/users/a@b/my app/x?y')).toBe(
      'https://v/v1/secrets/users/a%40b/my%20app/x%3Fy',
    );
  });

  it("reads Vault's error list, multierror text flattened", () => {
    expect(vaultErrors({ errors: ['2 errors occurred:\n\t* one\n\t* two\n\n'] })).toEqual([
      'one',
      'two',
    ]);
    expect(vaultErrors('{"errors":["permission denied"]}')).toEqual(['permission denied']);
    expect(vaultErrors('<html>Bad Gateway</html>')).toEqual(['Bad Gateway']);
    expect(vaultErrors({ errors: [] })).toEqual([]);
  });
});
