import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from './verifier.js';

const ISSUER = 'https://issuer.example.org';

/** The issuer's discovery document and keys, answered without a socket. */
async function issuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const fetchFn = (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = url.endsWith('/.well-known/openid-configuration')
      ? { issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` }
      : { keys: [jwk] };
    return Promise.resolve(Response.json(body));
  };
  const sign = (claims: Record<string, unknown>, expires = true) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setSubject('someone@egi.eu')
      .setIssuedAt();
    if (expires) jwt = jwt.setExpirationTime('5m');
    return jwt.sign(privateKey);
  };
  return { fetch: fetchFn, sign };
}

describe('JWT verifier', () => {
  let iss: Awaited<ReturnType<typeof issuer>>;
  beforeAll(async () => {
    iss = await issuer();
  });
  const verifier = (audience = ['fedcloud']) =>
    createJwtVerifier({ issuerUrl: ISSUER, audience, fetch: iss.fetch });

  it('accepts a token for one of the configured audiences', async () => {
    const token = await iss.sign({ aud: ['other', 'https://hub.example.org'] });
    await expect(verifier(['fedcloud', 'https://hub.example.org']).verify(token)).resolves.toEqual({
      subject: 'someone@egi.eu',
      isClient: false,
    });
  });

  it("refuses the issuer's tokens for another audience, and tokens naming none", async () => {
    for (const claims of [{ aud: 'another-service' }, {}]) {
      await expect(verifier().verify(await iss.sign(claims))).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        message:
          'the access token is for another audience; this hub accepts fedcloud (--audience / FEDCLOUD_HUB_AUDIENCE)',
      });
    }
  });

  it('refuses a token without exp', async () => {
    const token = await iss.sign({ aud: 'fedcloud' }, false);
    await expect(verifier().verify(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'the access token has no expiry (exp); this hub accepts only tokens that expire',
    });
  });
});
