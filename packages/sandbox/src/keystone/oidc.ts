import { createRemoteJWKSet, customFetch, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { IssuerLink, SiteContext } from '../site/context.js';
import { sha256Hex } from '../site/ids.js';
import { vosFromEntitlements } from './entitlements.js';

/** What a site learns about the bearer of a valid access token. */
export interface OidcIdentity {
  sub: string;
  /** The token's `iss`, which Keystone matches against the identity provider's remote_ids. */
  iss: string;
  /** Seconds since the epoch. */
  exp: number;
  vos: string[];
}

// One remote JWKS per jwksUri for the whole process: 300 sites trust the same issuer, and jose's
// resolver already caches keys and refetches (with a cooldown) when it meets an unknown `kid`.
const jwksByUri = new Map<string, JWTVerifyGetKey>();

function jwksFor(issuer: IssuerLink): JWTVerifyGetKey {
  let jwks = jwksByUri.get(issuer.jwksUri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(issuer.jwksUri), {
      [customFetch]: (url, options) => issuer.fetch(url, options),
    });
    jwksByUri.set(issuer.jwksUri, jwks);
  }
  return jwks;
}

interface CachedUserinfo {
  expMs: number;
  vos: string[];
}

// Userinfo per (endpoint, token hash) until the token expires, as mod_auth_openidc caches its
// introspection: repeated logins with one token must not hammer the issuer.
const userinfoCache = new Map<string, CachedUserinfo>();
const USERINFO_CACHE_LIMIT = 10_000;

/**
 * What mod_auth_openidc does in front of a real site's Keystone with `OIDCOAuthVerifyJwksUri`:
 * verify the access token's signature (issuer JWKS) and expiry — not its issuer, which is
 * Keystone's check against the identity provider's remote_ids — then the user's claims (here
 * from the userinfo endpoint). Any failure is `undefined`; the reason is never echoed.
 */
export async function verifyAccessToken(
  site: SiteContext,
  token: string,
): Promise<OidcIdentity | undefined> {
  const { issuer } = site;
  let sub: string;
  let iss: string;
  let exp: number;
  try {
    const { payload } = await jwtVerify(token, jwksFor(issuer), {
      currentDate: site.now(),
      requiredClaims: ['exp', 'sub', 'iss'],
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.exp !== 'number' ||
      typeof payload.iss !== 'string'
    ) {
      return undefined;
    }
    sub = payload.sub;
    iss = payload.iss;
    exp = payload.exp;
  } catch {
    return undefined;
  }
  // The issuer's userinfo answers only for its own tokens; a foreign `iss` is refused by Keystone.
  if (iss !== issuer.issuer) return { sub, iss, exp, vos: [] };
  const vos = await userVos(site, token, sub, exp);
  return vos ? { sub, iss, exp, vos } : undefined;
}

async function userVos(
  site: SiteContext,
  token: string,
  sub: string,
  exp: number,
): Promise<string[] | undefined> {
  const key = `${site.issuer.userinfoEndpoint}\u0000${sha256Hex(token)}`;
  const nowMs = site.now().getTime();
  const cached = userinfoCache.get(key);
  if (cached && cached.expMs > nowMs) return cached.vos;

  let claims: unknown;
  try {
    const response = await site.issuer.fetch(site.issuer.userinfoEndpoint, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    claims = await response.json();
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const record = claims as Record<string, unknown>;
  // OpenID Connect Core §5.3.2: the userinfo `sub` must match the token's, else it is not theirs.
  if (record.sub !== sub) return undefined;
  const entitlements = Array.isArray(record.eduperson_entitlement)
    ? record.eduperson_entitlement
    : [];
  const vos = vosFromEntitlements(entitlements);

  if (userinfoCache.size >= USERINFO_CACHE_LIMIT) pruneExpired(nowMs);
  userinfoCache.set(key, { expMs: exp * 1000, vos });
  return vos;
}

function pruneExpired(nowMs: number): void {
  for (const [key, entry] of userinfoCache) if (entry.expMs <= nowMs) userinfoCache.delete(key);
  // Still full of live tokens: forget the oldest rather than grow without bound.
  if (userinfoCache.size >= USERINFO_CACHE_LIMIT) {
    const oldest = userinfoCache.keys().next();
    if (!oldest.done) userinfoCache.delete(oldest.value);
  }
}
