import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { IssuerLink } from '../site/context.js';

export interface OidcDouble {
  /** Pass as the 2nd argument of createTestSite. */
  link: IssuerLink;
  /** Signs an access token and registers its userinfo answer. */
  mint(
    sub: string,
    entitlements: string[],
    options?: { expiresIn?: number; issuer?: string; key?: CryptoKey },
  ): Promise<string>;
  /** How often the JWKS and userinfo endpoints were fetched. */
  fetched: { jwks: number; userinfo: number };
}

/** An EGI Check-in entitlement string for `group` (VO, optionally `:subgroup…`) and `role`. */
export const entitlement = (group: string, role = 'member'): string =>
  `urn:mace:egi.eu:group:${group}:role=${role}#aai.egi.eu`;

/**
 * A tiny stand-in for EGI Check-in in Keystone tests (the real issuer is tested elsewhere): one RSA
 * key served as a JWKS, and a userinfo endpoint answering from an in-memory map of access token →
 * (sub, entitlements). Each double has its own URLs, since sites cache one JWKS per URI per process.
 */
export async function createOidcDouble(): Promise<OidcDouble> {
  const base = `https://aai.test/${randomUUID()}`;
  const kid = 'key-1';
  const signing = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const users = new Map<string, { sub: string; eduperson_entitlement: string[] }>();
  const fetched = { jwks: 0, userinfo: 0 };

  const fetchDouble = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === `${base}/jwks`) {
      fetched.jwks += 1;
      return Response.json({ keys: [jwk] });
    }
    if (url === `${base}/userinfo`) {
      fetched.userinfo += 1;
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      const claims = users.get(auth.replace(/^Bearer /, ''));
      return claims
        ? Response.json(claims)
        : Response.json({ error: 'invalid_token' }, { status: 401 });
    }
    return new Response('not found', { status: 404 });
  }) as typeof fetch;

  const mint: OidcDouble['mint'] = async (sub, entitlements, options = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ scope: 'openid eduperson_entitlement' })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
      .setIssuer(options.issuer ?? base)
      .setSubject(sub)
      .setAudience('fedcloud')
      .setIssuedAt(now - 10)
      .setExpirationTime(now + (options.expiresIn ?? 3600))
      .sign(options.key ?? signing.privateKey);
    users.set(token, { sub, eduperson_entitlement: entitlements });
    return token;
  };

  return {
    link: {
      issuer: base,
      jwksUri: `${base}/jwks`,
      userinfoEndpoint: `${base}/userinfo`,
      fetch: fetchDouble,
    },
    mint,
    fetched,
  };
}
