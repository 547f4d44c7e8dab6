import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subFor } from '../oidc/index.js';
import { type EphemeralSandbox, startEphemeralSandbox } from '../testing/ephemeral.js';

describe('the sandbox mytoken server over HTTPS', () => {
  let sandbox: EphemeralSandbox;

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ sites: 1 });
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  const post = async (path: string, body: unknown) => {
    const response = await sandbox.fetch(`${sandbox.mytokenUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  it('is discovered at its own URL', async () => {
    expect(sandbox.mytokenUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await sandbox.fetch(`${sandbox.mytokenUrl}/.well-known/mytoken-configuration`);
    expect(await response.json()).toMatchObject({
      issuer: sandbox.mytokenUrl,
      access_token_endpoint: `${sandbox.mytokenUrl}/api/v0/token/access`,
      providers_supported: [{ issuer: sandbox.issuerUrl }],
    });
  });

  it("gives real access tokens of the user, which the issuer's userinfo and the Vault accept", async () => {
    const mytoken = await sandbox.mintMytoken('bob', { usesAt: 2, expiresInSeconds: 600 });
    const first = await post('/api/v0/token/access', { grant_type: 'mytoken', mytoken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', audience: ['fedcloud'] });
    expect(first.body.expires_in).toBeGreaterThan(3500);
    const at = first.body.access_token as string;
    expect(decodeJwt(at)).toMatchObject({ iss: sandbox.issuerUrl, sub: subFor('bob') });

    const userinfo = await sandbox.fetch(sandbox.issuer.userinfoEndpoint, {
      headers: { authorization: `Bearer ${at}` },
    });
    expect(((await userinfo.json()) as { sub: string }).sub).toBe(subFor('bob'));
    const vault = await sandbox.fetch(`${sandbox.vaultUrl}/v1/auth/jwt/login`, {
      method: 'POST',
      body: JSON.stringify({ role: '', jwt: at }),
    });
    expect(vault.status).toBe(200);

    expect((await post('/api/v0/token/access', { grant_type: 'mytoken', mytoken })).status).toBe(
      200,
    );
    expect(await post('/api/v0/token/access', { grant_type: 'mytoken', mytoken })).toEqual({
      status: 403,
      body: {
        error: 'usage_restricted',
        error_description: 'The restrictions of this token does not allow this usage',
      },
    });
  });

  it('revokes through its revocation endpoint', async () => {
    const mytoken = await sandbox.mintMytoken('alice');
    expect((await post('/api/v0/token/revoke', { token: mytoken })).status).toBe(204);
    expect(await post('/api/v0/token/access', { grant_type: 'mytoken', mytoken })).toEqual({
      status: 401,
      body: { error: 'invalid_token' },
    });
  });
});
