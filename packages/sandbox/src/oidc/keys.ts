import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { getMeta, setMeta, type Db } from '../store/db.js';

const JWKS_KEY = 'oidc.jwks';
const COOKIE_KEYS_KEY = 'oidc.cookie_keys';

/** Private RS256 signing key, created once and kept in `meta` so tokens survive a restart. */
export async function loadSigningKey(db: Db): Promise<JWK> {
  const stored = getMeta(db, JWKS_KEY);
  if (stored) {
    const { keys } = JSON.parse(stored) as { keys: JWK[] };
    if (keys[0]) return keys[0];
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const key: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
  setMeta(db, JWKS_KEY, JSON.stringify({ keys: [key] }));
  return key;
}

export function publicPart(key: JWK): JWK {
  const { kty, n, e, kid, alg, use } = key;
  return { kty, n, e, kid, alg, use };
}

/** Cookie signing secrets; persisted so a browser mid-login survives a restart too. */
export function loadCookieKeys(db: Db): string[] {
  const stored = getMeta(db, COOKIE_KEYS_KEY);
  if (stored) return JSON.parse(stored) as string[];
  const keys = [randomBytes(32).toString('base64url')];
  setMeta(db, COOKIE_KEYS_KEY, JSON.stringify(keys));
  return keys;
}
