import { describe, expect, it } from 'vitest';
import { isAgentError } from '../errors.js';
import { clientCredentialsTokenSource } from './hub-token.js';

const ISSUER = 'https://issuer.example.org/realms/egi';
const SECRET = 'super-secret-value';

/** A fake issuer: discovery plus a token endpoint that counts grants. */
function fakeIssuer(answer: () => { status: number; body: Record<string, unknown> }) {
  const grants: { authorization: string | null; body: string }[] = [];
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    if (url === `${ISSUER}/.well-known/openid-configuration`) {
      return Response.json({
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/certs`,
      });
    }
    if (url === `${ISSUER}/token`) {
      grants.push({
        authorization: new Headers(init.headers).get('authorization'),
        body: init.body instanceof URLSearchParams ? init.body.toString() : (init.body as string),
      });
      const { status, body } = answer();
      return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
    }
    return new Response('not found', { status: 404 });
  }) as unknown as typeof fetch;
  return { fetchFn, grants };
}

describe('clientCredentialsTokenSource', () => {
  it('uses HTTP Basic client auth and caches the token until shortly before it expires', async () => {
    let n = 0;
    const { fetchFn, grants } = fakeIssuer(() => ({
      status: 200,
      body: { access_token: `token-${++n}`, token_type: 'Bearer', expires_in: 300 },
    }));
    let now = new Date('2026-01-01T00:00:00Z');
    const source = clientCredentialsTokenSource({
      issuerUrl: ISSUER,
      clientId: 'agent-site',
      clientSecret: SECRET,
      fetch: fetchFn,
      now: () => now,
    });
    const [a, b] = await Promise.all([source.getToken(), source.getToken()]);
    expect([a, b]).toEqual(['token-1', 'token-1']);
    expect(grants).toHaveLength(1);
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
    const basic = grants[0]!.authorization!.replace(/^Basic /, '');
    const [id, secret] = Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent);
    expect([id, secret]).toEqual(['agent-site', SECRET]);
    expect(grants[0]!.body).toContain('grant_type=client_credentials');

    now = new Date('2026-01-01T00:03:59Z'); // 239 s later: still 61 s left
    expect(await source.getToken()).toBe('token-1');
    now = new Date('2026-01-01T00:04:01Z'); // within the 60 s margin
    expect(await source.getToken()).toBe('token-2');
    source.invalidate();
    expect(await source.getToken()).toBe('token-3');
    expect(grants).toHaveLength(3);
  });

  it('explains a refusal without revealing the secret', async () => {
    const { fetchFn } = fakeIssuer(() => ({
      status: 401,
      body: { error: 'invalid_client', error_description: 'client authentication failed' },
    }));
    const source = clientCredentialsTokenSource({
      issuerUrl: ISSUER,
      clientId: 'agent-site',
      clientSecret: SECRET,
      fetch: fetchFn,
    });
    const error = await source.getToken().catch((e: unknown) => e);
    expect(isAgentError(error) && error.code).toBe('TOKEN_FAILED');
    expect((error as Error).message).toBe(
      'the issuer refused a token for client agent-site: invalid_client: client authentication failed',
    );
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('reports a failed discovery', async () => {
    const fetchFn = (async () => new Response('down', { status: 503 })) as unknown as typeof fetch;
    const source = clientCredentialsTokenSource({
      issuerUrl: ISSUER,
      clientId: 'agent-site',
      clientSecret: SECRET,
      fetch: fetchFn,
    });
    await expect(source.getToken()).rejects.toThrow(
      /^OIDC discovery at https:\/\/issuer\.example\.org\/realms\/egi\/\.well-known\/openid-configuration failed: /,
    );
  });
});
