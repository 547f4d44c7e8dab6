import { decodeJwt, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../store/db.js';
import { createMytokenServer, type MytokenServer } from './index.js';

const URL = 'https://mytoken.test';
const ISS = 'https://issuer.test';
const T0 = 1_700_000_000;
const SCOPES = ['openid', 'profile', 'email', 'eduperson_entitlement'];

let atKey: CryptoKey;
beforeAll(async () => {
  atKey = (await generateKeyPair('RS256')).privateKey;
});

let now: number;
let db: Db;
let server: MytokenServer;
let issued: [string, string][];
let refuse: string | undefined;

async function start(): Promise<MytokenServer> {
  return createMytokenServer({
    db,
    url: URL,
    oidcIssuer: ISS,
    scopes: SCOPES,
    subjectOf: (username) =>
      ['alice', 'bob'].includes(username) ? `${username}-sub@egi.eu` : undefined,
    // Stands for the issuer: an access token of the user, valid one hour, with the asked scope.
    async accessToken(username, scope) {
      if (refuse) throw new Error(refuse);
      issued.push([username, scope]);
      return new SignJWT({ sub: `${username}-sub@egi.eu`, scope, aud: 'fedcloud', iss: ISS })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(atKey);
    },
    now: () => now,
  });
}

beforeEach(async () => {
  now = T0;
  db = openDb(':memory:');
  issued = [];
  refuse = undefined;
  server = await start();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await server.app.request(`${URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const access = (mytoken: string, extra: Record<string, unknown> = {}) =>
  post('/api/v0/token/access', { grant_type: 'mytoken', mytoken, ...extra });

describe('the mytoken server', () => {
  it('describes itself at /.well-known/mytoken-configuration', async () => {
    const response = await server.app.request(`${URL}/.well-known/mytoken-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: URL,
      access_token_endpoint: `${URL}/api/v0/token/access`,
      mytoken_endpoint: `${URL}/api/v0/token/my`,
      revocation_endpoint: `${URL}/api/v0/token/revoke`,
      jwks_uri: `${URL}/jwks`,
      providers_supported: [{ issuer: ISS, scopes_supported: SCOPES }],
      token_signing_alg_value: 'ES512',
      access_token_endpoint_grant_types_supported: ['mytoken'],
    });
    const jwks = (await (await server.app.request(`${URL}/jwks`)).json()) as { keys: object[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-521', alg: 'ES512' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it("mints a mytoken of the user's and exchanges it for the user's access tokens", async () => {
    const mytoken = await server.mint('alice');
    const claims = decodeJwt(mytoken);
    expect(claims).toMatchObject({
      ver: '0.7',
      token_type: 'mytoken',
      iss: URL,
      aud: URL,
      oidc_iss: ISS,
      oidc_sub: 'alice-sub@egi.eu',
      seq_no: 1,
      iat: T0,
      nbf: T0,
      capabilities: ['AT', 'tokeninfo'],
    });
    expect(claims).not.toHaveProperty('exp');
    expect(claims).not.toHaveProperty('restrictions');

    now = T0 + 100;
    const response = await access(mytoken, { scope: 'openid' });
    expect(response.status).toBe(200);
    // Without restrictions the server asks for all its scopes, whatever the request says.
    expect(issued).toEqual([['alice', 'openid profile email eduperson_entitlement']]);
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid profile email eduperson_entitlement',
      audience: ['fedcloud'],
    });
    expect(decodeJwt(response.body.access_token)).toMatchObject({ sub: 'alice-sub@egi.eu' });
  });

  it('gives as many access tokens as usages_AT allows, then usage_restricted', async () => {
    const mytoken = await server.mint('bob', { usesAt: 2 });
    expect(decodeJwt(mytoken).restrictions).toEqual([{ usages_AT: 2 }]);
    expect((await access(mytoken, { scope: 'openid email' })).status).toBe(200);
    expect((await access(mytoken)).status).toBe(200);
    // With a restriction the asked scope is used, else the restriction's, else all.
    expect(issued).toEqual([
      ['bob', 'openid email'],
      ['bob', 'openid profile email eduperson_entitlement'],
    ]);
    expect(await access(mytoken)).toEqual({
      status: 403,
      body: {
        error: 'usage_restricted',
        error_description: 'The restrictions of this token does not allow this usage',
      },
    });
    const none = await server.mint('bob', { usesAt: 0 });
    expect((await access(none)).status).toBe(403);
  });

  it('expires, saying by how much', async () => {
    const mytoken = await server.mint('alice', { expiresInSeconds: 60 });
    expect(decodeJwt(mytoken)).toMatchObject({ exp: T0 + 60, restrictions: [{ exp: T0 + 60 }] });
    now = T0 + 60;
    expect((await access(mytoken)).status).toBe(200);
    now = T0 + 125;
    expect(await access(mytoken)).toEqual({
      status: 401,
      body: { error: 'invalid_token', error_description: 'token is expired by 1m5s' },
    });
  });

  it('revokes: 204, then invalid_token without a description; 204 for nonsense too', async () => {
    const mytoken = await server.mint('alice');
    const revoked = await server.app.request(`${URL}/api/v0/token/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: mytoken }),
    });
    expect(revoked.status).toBe(204);
    expect(await access(mytoken)).toEqual({ status: 401, body: { error: 'invalid_token' } });
    expect((await post('/api/v0/token/revoke', { token: 'not-a-token' })).status).toBe(204);
    expect(await post('/api/v0/token/revoke', {})).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'no token given' },
    });
  });

  it("answers bad requests and bad tokens with the server's errors", async () => {
    const mytoken = await server.mint('alice');
    expect(await post('/api/v0/token/access', { mytoken })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Unsupported grant_type' },
    });
    expect(await post('/api/v0/token/access', { grant_type: 'password', mytoken })).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: "value 'password' not valid for GrantType",
      },
    });
    expect(
      (await post('/api/v0/token/access', { grant_type: 'oidc_flow', mytoken })).body.error,
    ).toBe('invalid_grant');
    expect(await post('/api/v0/token/access', { grant_type: 'mytoken' })).toEqual({
      status: 401,
      body: { error: 'invalid_token', error_description: 'no mytoken found in request' },
    });
    expect((await access('a.b')).body).toEqual({
      error: 'invalid_token',
      error_description: 'token contains an invalid number of segments',
    });
    const [header, payload] = mytoken.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(132, 7).toString('base64url')}`;
    expect((await access(forged)).body).toEqual({
      error: 'invalid_token',
      error_description: 'crypto/ecdsa: verification error',
    });
    expect(await access(mytoken, { oidc_issuer: 'https://elsewhere.test' })).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'token not for specified issuer' },
    });
  });

  it('takes the mytoken as a Bearer token, and the refresh_token grant as the mytoken one', async () => {
    const mytoken = await server.mint('alice');
    const bearer = await post(
      '/api/v0/token/access',
      { grant_type: 'mytoken' },
      { authorization: `Bearer ${mytoken}` },
    );
    expect(bearer.status).toBe(200);
    expect(
      (await post('/api/v0/token/access', { grant_type: 'refresh_token', refresh_token: mytoken }))
        .status,
    ).toBe(200);
  });

  it("passes the provider's refusal on as oidc_error", async () => {
    const mytoken = await server.mint('alice');
    refuse = 'the issuer refused a token for alice: invalid_scope requested scope is not supported';
    expect(await access(mytoken)).toEqual({
      status: 400,
      body: {
        error: 'oidc_error',
        error_description: 'invalid_scope: requested scope is not supported',
      },
    });
  });

  it('keeps its key and its tokens across a restart, and mints for seeded users only', async () => {
    const mytoken = await server.mint('alice', { usesAt: 1 });
    expect((await access(mytoken)).status).toBe(200);
    server = await start();
    // The use was counted in the database: none left.
    expect((await access(mytoken)).status).toBe(403);
    await expect(server.mint('mallory')).rejects.toThrow('no seeded user mallory');
    await expect(server.mint('alice', { usesAt: -1 })).rejects.toThrow(/usesAt/);
    const rows = JSON.stringify(db.prepare('SELECT * FROM mytokens').all());
    expect(rows).not.toContain(mytoken.split('.')[2]);
  });
});
