import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
} from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../store/db.js';
import {
  CLI_CLIENT_ID,
  createIssuer,
  SEEDED_USERS,
  subFor,
  type Issuer,
  type IssuerOptions,
} from './index.js';

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' };
const AGENT = { clientId: 'site-agent', clientSecret: 'agent-secret' };
const ALL_SCOPES = 'openid profile email eduperson_entitlement offline_access';

interface Running {
  issuer: Issuer;
  server: Server;
  base: string;
  stop(): Promise<void>;
}

async function start(
  db: Db,
  port = 0,
  extra: Partial<IssuerOptions> = {},
  path = '',
): Promise<Running> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  const issuer = await createIssuer({
    issuer: base,
    db,
    userPasswords: PASSWORDS,
    machineClients: [AGENT],
    ...extra,
  });
  handler = issuer.handler;
  return {
    issuer,
    server,
    base,
    async stop() {
      await issuer.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function token(
  endpoint: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

function passwordGrant(issuer: Issuer, username: string, password: string, scope = ALL_SCOPES) {
  return token(issuer.tokenEndpoint, {
    grant_type: 'password',
    client_id: CLI_CLIENT_ID,
    username,
    password,
    scope,
  });
}

function basic(id: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
}

async function userinfo(issuer: Issuer, accessToken: string) {
  const response = await fetch(issuer.userinfoEndpoint, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Just enough of a browser: cookies by path, redirects by hand, forms by regex. */
class Browser {
  private cookies = new Map<string, { value: string; path: string }>();

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  async request(
    url: string,
    init: { method?: string; form?: URLSearchParams } = {},
  ): Promise<Response> {
    const path = new URL(url).pathname;
    const cookie = [...this.cookies]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const headers: Record<string, string> = cookie ? { cookie } : {};
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.fetchImpl(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      ...(init.form ? { body: init.form } : {}),
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const cookiePath =
        attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some(
        (a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now(),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: cookiePath });
    }
    return response;
  }

  /** Follows redirects and submits forms (logging in where asked) until `stop` matches, an error, or a page without a form. */
  async drive(
    startUrl: string,
    login: { username: string; password: string },
    stop?: (url: string) => boolean,
  ) {
    let response = await this.request(startUrl);
    let url = startUrl;
    for (let step = 0; step < 20; step += 1) {
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        if (stop?.(url)) return { url, response, html: '' };
        response = await this.request(url);
        continue;
      }
      const html = await response.text();
      const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
      if (!form || response.status >= 400) return { url, response, html };
      const action = /action="([^"]*)"/.exec(form[1] ?? '')?.[1] ?? url;
      const fields = new URLSearchParams();
      for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
        const name = /name="([^"]*)"/.exec(input[1] ?? '')?.[1];
        const value = /value="([^"]*)"/.exec(input[1] ?? '')?.[1] ?? '';
        if (name === 'username') fields.set(name, login.username);
        else if (name === 'password') fields.set(name, login.password);
        else if (name)
          fields.set(
            name,
            value.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))),
          );
      }
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      response = await this.request(url, { form: fields });
    }
    throw new Error('too many steps');
  }
}

describe('OIDC issuer over HTTP', () => {
  let db: Db;
  let running: Running;
  let issuer: Issuer;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    db = openDb(':memory:');
    running = await start(db);
    issuer = running.issuer;
    jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
  });
  afterAll(async () => {
    await running.stop();
    db.close();
  });

  it('publishes discovery with every endpoint under the issuer', async () => {
    const response = await fetch(`${issuer.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      userinfo_endpoint: issuer.userinfoEndpoint,
      token_endpoint: issuer.tokenEndpoint,
      device_authorization_endpoint: issuer.deviceAuthorizationEndpoint,
    });
    for (const key of [
      'introspection_endpoint',
      'revocation_endpoint',
      'end_session_endpoint',
      'authorization_endpoint',
    ]) {
      expect(String(discovery[key])).toMatch(new RegExp(`^${issuer.issuer}/`));
    }
    expect(discovery['scopes_supported']).toEqual(
      expect.arrayContaining([
        'openid',
        'profile',
        'email',
        'eduperson_entitlement',
        'offline_access',
      ]),
    );
    expect(discovery['claims_supported']).toContain('eduperson_entitlement');
    expect(discovery['grant_types_supported']).toEqual(
      expect.arrayContaining([
        'password',
        'refresh_token',
        'authorization_code',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:device_code',
      ]),
    );
  });

  it('publishes one public RS256 key', async () => {
    const body = (await (await fetch(issuer.jwksUri)).json()) as JSONWebKeySet;
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(body.keys[0]).not.toHaveProperty('d');
  });

  it('password grant gives a JWT verifiable against the JWKS, and userinfo answers with entitlements', async () => {
    const { status, body } = await passwordGrant(issuer, 'alice', 'alice-pw');
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body['refresh_token']).toBeTruthy();
    expect(body['id_token']).toBeTruthy();

    const { payload, protectedHeader } = await jwtVerify(body['access_token']!, jwks, {
      issuer: issuer.issuer,
      audience: 'fedcloud',
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.sub).toBe(subFor('alice'));
    expect(payload.sub).toMatch(/^[0-9a-f]{64}@egi\.eu$/);
    expect(payload).toMatchObject({ client_id: CLI_CLIENT_ID, scope: ALL_SCOPES });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.jti).toBeTruthy();

    const info = await userinfo(issuer, body['access_token']!);
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      sub: subFor('alice'),
      name: 'Alice Example',
      email: 'alice@example.org',
      email_verified: true,
      eduperson_entitlement: SEEDED_USERS[0]!.entitlements,
    });
  });

  it('userinfo releases only what the token scope allows', async () => {
    const { body } = await passwordGrant(issuer, 'bob', 'bob-pw', 'openid eduperson_entitlement');
    expect(body['refresh_token']).toBeUndefined();
    const info = await userinfo(issuer, body['access_token']!);
    expect(info.body).toEqual({
      sub: subFor('bob'),
      eduperson_entitlement: [
        'urn:mace:egi.eu:group:fedcloud.egi.eu:ops:role=member#aai.egi.eu',
        'urn:mace:egi.eu:group:training.egi.eu:role=vm_operator#aai.egi.eu',
      ],
    });
  });

  // A real site's mod_auth_openidc (OAuth 2.0 resource-server mode) sees only the access token;
  // its Keystone mapping needs the entitlements there, as Check-in's tokens carry them.
  it('JWT access tokens carry the claims their scope releases, and nothing more', async () => {
    const full = await passwordGrant(issuer, 'alice', 'alice-pw');
    const { payload } = await jwtVerify(full.body['access_token']!, jwks, {
      issuer: issuer.issuer,
    });
    expect(payload).toMatchObject({
      name: 'Alice Example',
      email: 'alice@example.org',
      email_verified: true,
      eduperson_entitlement: SEEDED_USERS[0]!.entitlements,
    });
    const narrow = await passwordGrant(issuer, 'bob', 'bob-pw', 'openid eduperson_entitlement');
    const { payload: bob } = await jwtVerify(narrow.body['access_token']!, jwks, {
      issuer: issuer.issuer,
    });
    expect(bob['eduperson_entitlement']).toEqual(SEEDED_USERS[1]!.entitlements);
    expect(bob).not.toHaveProperty('email');
    expect(bob).not.toHaveProperty('name');
  });

  it('wrong password and unknown user give invalid_grant', async () => {
    for (const [user, password] of [
      ['alice', 'nope'],
      ['mallory', 'x'],
      ['alice', ''],
    ] as const) {
      const { status, body } = await passwordGrant(issuer, user, password);
      expect(status).toBe(400);
      expect(body['error']).toBe(password ? 'invalid_grant' : 'invalid_request');
    }
  });

  it('refresh grant yields a new JWT', async () => {
    const first = await passwordGrant(issuer, 'carol', 'carol-pw');
    const refreshed = await token(issuer.tokenEndpoint, {
      grant_type: 'refresh_token',
      client_id: CLI_CLIENT_ID,
      refresh_token: first.body['refresh_token']!,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['access_token']).not.toBe(first.body['access_token']);
    const { payload } = await jwtVerify(refreshed.body['access_token']!, jwks, {
      issuer: issuer.issuer,
      audience: 'fedcloud',
    });
    expect(payload).toMatchObject({ sub: subFor('carol'), client_id: CLI_CLIENT_ID });
    expect(String(payload['scope']).split(' ')).toEqual(
      expect.arrayContaining(['openid', 'eduperson_entitlement']),
    );
    const info = await userinfo(issuer, refreshed.body['access_token']!);
    expect(info.body).toMatchObject({ sub: subFor('carol'), eduperson_entitlement: [] });
  });

  it('client_credentials works for a machine client and not with a wrong secret', async () => {
    const ok = await token(
      issuer.tokenEndpoint,
      { grant_type: 'client_credentials' },
      basic(AGENT.clientId, AGENT.clientSecret),
    );
    expect(ok.status).toBe(200);
    const { payload } = await jwtVerify(ok.body['access_token']!, jwks, {
      issuer: issuer.issuer,
      audience: 'fedcloud',
    });
    expect(payload).toMatchObject({ sub: AGENT.clientId, client_id: AGENT.clientId });
    expect((await userinfo(issuer, ok.body['access_token']!)).body).toEqual({
      sub: AGENT.clientId,
    });

    const bad = await token(
      issuer.tokenEndpoint,
      { grant_type: 'client_credentials' },
      basic(AGENT.clientId, 'wrong'),
    );
    expect(bad.status).toBe(401);
    expect(bad.body['error']).toBe('invalid_client');
  });

  it('takes the public client named in a Basic header with an empty secret, as oidc-agent sends it', async () => {
    // oidc-agent's password and refresh requests for `--client-id fedcloud-cli --client-secret=`:
    // libcurl's Basic header, no client_id in the body (Keycloak, hence Check-in, accepts this).
    const cli = basic(CLI_CLIENT_ID, '');
    const login = await token(
      issuer.tokenEndpoint,
      { grant_type: 'password', username: 'alice', password: 'alice-pw', scope: ALL_SCOPES },
      cli,
    );
    expect(login.status).toBe(200);
    const { payload } = await jwtVerify(login.body['access_token']!, jwks, {
      issuer: issuer.issuer,
      audience: 'fedcloud',
    });
    expect(payload).toMatchObject({ sub: subFor('alice'), client_id: CLI_CLIENT_ID });
    const refreshed = await token(
      issuer.tokenEndpoint,
      { grant_type: 'refresh_token', refresh_token: login.body['refresh_token']! },
      cli,
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['access_token']).toMatch(/^ey/);

    // The same header naming the body's own client is fine; another client in the body is not.
    const same = await token(
      issuer.tokenEndpoint,
      { grant_type: 'password', client_id: CLI_CLIENT_ID, username: 'bob', password: 'bob-pw' },
      cli,
    );
    expect(same.status).toBe(200);
    const mismatch = await token(
      issuer.tokenEndpoint,
      { grant_type: 'password', client_id: AGENT.clientId, username: 'bob', password: 'bob-pw' },
      cli,
    );
    expect(mismatch).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'client_id mismatch' },
    });
    // A confidential client still needs its secret: an empty one is oidc-provider's refusal.
    const noSecret = await token(
      issuer.tokenEndpoint,
      { grant_type: 'client_credentials' },
      basic(AGENT.clientId, ''),
    );
    expect(noSecret.status).toBe(400);
    expect(noSecret.body['error_description']).toBe(
      'client_secret must be provided in the Authorization header',
    );
  });

  it('device flow: a user logs in through the browser pages and the device polls a token', async () => {
    const started = await token(issuer.deviceAuthorizationEndpoint, {
      client_id: CLI_CLIENT_ID,
      scope: ALL_SCOPES,
    });
    expect(started.status).toBe(200);
    const pending = await token(issuer.tokenEndpoint, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: CLI_CLIENT_ID,
      device_code: started.body['device_code']!,
    });
    expect(pending.body['error']).toBe('authorization_pending');

    const browser = new Browser();
    const wrong = await browser.drive(started.body['verification_uri_complete']!, {
      username: 'bob',
      password: 'bad',
    });
    expect(wrong.response.status).toBe(401);
    expect(wrong.html).toContain('Invalid username or password');

    // A user code can be entered once only, so the retry happens on the same login page.
    const loginPage = wrong.url.replace(/\/login$/, '');
    const done = await browser.drive(loginPage, { username: 'bob', password: 'bob-pw' });
    expect(done.response.status).toBe(200);
    expect(done.html).toContain('You are signed in');

    let result: Awaited<ReturnType<typeof token>> | undefined;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      result = await token(issuer.tokenEndpoint, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: CLI_CLIENT_ID,
        device_code: started.body['device_code']!,
      });
      if (result.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(result?.status).toBe(200);
    const { payload } = await jwtVerify(result!.body['access_token']!, jwks, {
      issuer: issuer.issuer,
      audience: 'fedcloud',
    });
    expect(payload).toMatchObject({ sub: subFor('bob'), client_id: CLI_CLIENT_ID });
    expect(result!.body['refresh_token']).toBeTruthy();
    expect(
      (await userinfo(issuer, result!.body['access_token']!)).body['eduperson_entitlement'],
    ).toHaveLength(2);
  });

  it('authorization code with PKCE on a loopback redirect gives a JWT', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const discovery = (await (
      await fetch(`${issuer.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    const redirectUri = 'http://127.0.0.1:49152/callback';
    const authorize = new URL(discovery['authorization_endpoint']!);
    authorize.search = new URLSearchParams({
      client_id: CLI_CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid profile eduperson_entitlement',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
    }).toString();
    const done = await new Browser().drive(
      authorize.href,
      { username: 'alice', password: 'alice-pw' },
      (url) => url.startsWith(redirectUri),
    );
    const callback = new URL(done.url);
    expect(callback.searchParams.get('state')).toBe('xyz');
    const exchanged = await token(issuer.tokenEndpoint, {
      grant_type: 'authorization_code',
      client_id: CLI_CLIENT_ID,
      code: callback.searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body['refresh_token']).toBeTruthy();
    const { payload } = await jwtVerify(exchanged.body['access_token']!, jwks, {
      issuer: issuer.issuer,
      audience: 'fedcloud',
    });
    expect(payload).toMatchObject({
      sub: subFor('alice'),
      scope: 'openid profile eduperson_entitlement',
    });
    expect((await userinfo(issuer, exchanged.body['access_token']!)).body['name']).toBe(
      'Alice Example',
    );
  });

  it('userinfo rejects expired tokens, foreign signatures and garbage with 401 invalid_token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await issuer.signAccessTokenForTests({
      sub: subFor('alice'),
      scope: 'openid',
      client_id: CLI_CLIENT_ID,
      iat: now - 7200,
      exp: now - 3600,
    });
    const expiredInfo = await userinfo(issuer, expired);
    expect(expiredInfo.status).toBe(401);
    expect(expiredInfo.body).toEqual({
      error: 'invalid_token',
      error_description: 'access token expired',
    });
    expect(expiredInfo.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="/,
    );

    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ scope: 'openid', client_id: CLI_CLIENT_ID })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'at+jwt',
        kid: (await exportJWK(publicKey)).kid ?? 'foreign',
      })
      .setIssuer(issuer.issuer)
      .setSubject(subFor('alice'))
      .setAudience('fedcloud')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const foreignInfo = await userinfo(issuer, foreign);
    expect(foreignInfo.status).toBe(401);
    expect(foreignInfo.body['error']).toBe('invalid_token');

    const wrongIssuer = await issuer.signAccessTokenForTests({
      iss: 'https://elsewhere',
      sub: subFor('alice'),
      scope: 'openid',
    });
    expect((await userinfo(issuer, wrongIssuer)).status).toBe(401);

    const valid = await issuer.signAccessTokenForTests({
      sub: subFor('carol'),
      scope: 'openid email',
      client_id: CLI_CLIENT_ID,
    });
    expect((await userinfo(issuer, valid)).body).toEqual({
      sub: subFor('carol'),
      email: 'carol@example.org',
      email_verified: true,
    });
  });

  it('introspects refresh tokens and revokes them', async () => {
    const { body } = await passwordGrant(issuer, 'alice', 'alice-pw');
    const introspect = async () =>
      (
        await token(issuer.tokenEndpoint.replace(/token$/, 'token/introspect'), {
          client_id: CLI_CLIENT_ID,
          token: body['refresh_token']!,
        })
      ).body;
    expect(await introspect()).toMatchObject({
      active: true,
      sub: subFor('alice'),
      client_id: CLI_CLIENT_ID,
    });
    const revoked = await fetch(issuer.tokenEndpoint.replace(/token$/, 'revoke'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLI_CLIENT_ID, token: body['refresh_token']! }),
    });
    expect(revoked.status).toBe(200);
    expect(await introspect()).toEqual({ active: false });
  });
});

describe('OIDC issuer restart', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the signing key, so old tokens verify and refresh tokens still work', async () => {
    dir = mkdtempSync(join(tmpdir(), 'oidc-restart-'));
    const file = join(dir, 'sandbox.db');
    const db1 = openDb(file);
    const first = await start(db1);
    const keys1 = await (await fetch(first.issuer.jwksUri)).json();
    const issued = await passwordGrant(first.issuer, 'alice', 'alice-pw');
    const { port } = new URL(first.base);
    await first.stop();
    db1.close();
    // Lets the client notice the closed keep-alive sockets before the same port is reused.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const db2 = openDb(file);
    const second = await start(db2, Number(port));
    try {
      expect(await (await fetch(second.issuer.jwksUri)).json()).toEqual(keys1);
      const { payload } = await jwtVerify(
        issued.body['access_token']!,
        createRemoteJWKSet(new URL(second.issuer.jwksUri)),
        {
          issuer: second.issuer.issuer,
          audience: 'fedcloud',
        },
      );
      expect(payload.sub).toBe(subFor('alice'));
      expect((await userinfo(second.issuer, issued.body['access_token']!)).status).toBe(200);
      const refreshed = await token(second.issuer.tokenEndpoint, {
        grant_type: 'refresh_token',
        client_id: CLI_CLIENT_ID,
        refresh_token: issued.body['refresh_token']!,
      });
      expect(refreshed.status).toBe(200);
    } finally {
      await second.stop();
      db2.close();
    }
  });
});

describe('OIDC issuer URL variants', () => {
  it("serves everything under an issuer with a path, like Check-in's realm URL", async () => {
    const db = openDb(':memory:');
    const running = await start(
      db,
      0,
      { audience: 'https://fedcloud.example', accessTokenTtlSeconds: 600 },
      '/auth/realms/egi',
    );
    try {
      const { issuer } = running;
      expect(issuer.issuer).toMatch(/\/auth\/realms\/egi$/);
      expect(issuer.tokenEndpoint).toBe(`${issuer.issuer}/protocol/openid-connect/token`);
      const discovery = (await (
        await fetch(`${issuer.issuer}/.well-known/openid-configuration`)
      ).json()) as Record<string, string>;
      expect(discovery['issuer']).toBe(issuer.issuer);
      expect(discovery['jwks_uri']).toBe(issuer.jwksUri);
      expect(
        (await fetch(`${new URL(issuer.issuer).origin}/.well-known/openid-configuration`)).status,
      ).toBe(404);

      const { body } = await passwordGrant(issuer, 'alice', 'alice-pw', 'openid profile');
      const { payload } = await jwtVerify(
        body['access_token']!,
        createRemoteJWKSet(new URL(issuer.jwksUri)),
        {
          issuer: issuer.issuer,
          audience: 'https://fedcloud.example',
        },
      );
      expect(payload.exp! - payload.iat!).toBe(600);
      expect((await userinfo(issuer, body['access_token']!)).body).toEqual({
        sub: subFor('alice'),
        name: 'Alice Example',
      });

      const started = await token(issuer.deviceAuthorizationEndpoint, {
        client_id: CLI_CLIENT_ID,
        scope: 'openid',
      });
      expect(started.body['verification_uri']).toBe(`${issuer.issuer}/device`);
      const done = await new Browser().drive(started.body['verification_uri_complete']!, {
        username: 'carol',
        password: 'carol-pw',
      });
      expect(done.html).toContain('You are signed in');
    } finally {
      await running.stop();
      db.close();
    }
  });

  it('works behind node https with secure cookies', async () => {
    const { webcrypto } = await import('node:crypto');
    const { createServer: createHttpsServer } = await import('node:https');
    const x509 = await import('@peculiar/x509');
    const { Agent, fetch: undiciFetch } = await import('undici');
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: '01',
        name: 'CN=127.0.0.1',
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 3_600_000),
        keys,
        signingAlgorithm: algorithm,
        extensions: [
          new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
        ],
      },
      webcrypto as unknown as Crypto,
    );
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString(
      'base64',
    );
    const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
    const certPem = cert.toString('pem');

    let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
    const server = createHttpsServer({ key, cert: certPem }, (req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const db = openDb(':memory:');
    const issuer = await createIssuer({
      issuer: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      db,
      userPasswords: PASSWORDS,
    });
    handler = issuer.handler;
    const dispatcher = new Agent({ connect: { ca: certPem } });
    const tlsFetch = ((url: string, init: RequestInit = {}) =>
      undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
    try {
      const discovery = (await (
        await tlsFetch(`${issuer.issuer}/.well-known/openid-configuration`)
      ).json()) as Record<string, string>;
      expect(discovery['token_endpoint']).toBe(issuer.tokenEndpoint);
      expect(issuer.tokenEndpoint).toMatch(/^https:/);

      const started = (await (
        await tlsFetch(issuer.deviceAuthorizationEndpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: CLI_CLIENT_ID,
            scope: 'openid eduperson_entitlement',
          }).toString(),
        })
      ).json()) as Record<string, string>;
      const first = await tlsFetch(started['verification_uri_complete']!, { redirect: 'manual' });
      expect(first.headers.getSetCookie().join('\n')).toMatch(/; secure/i);
      const done = await new Browser(tlsFetch).drive(started['verification_uri_complete']!, {
        username: 'alice',
        password: 'alice-pw',
      });
      expect(done.html).toContain('You are signed in');
      const granted = (await (
        await tlsFetch(issuer.tokenEndpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
            client_id: CLI_CLIENT_ID,
            device_code: started['device_code']!,
          }).toString(),
        })
      ).json()) as Record<string, string>;
      const info = await tlsFetch(issuer.userinfoEndpoint, {
        headers: { authorization: `Bearer ${granted['access_token']}` },
      });
      expect(((await info.json()) as Record<string, unknown>)['eduperson_entitlement']).toEqual(
        SEEDED_USERS[0]!.entitlements,
      );
    } finally {
      await issuer.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
      db.close();
    }
  });
});
