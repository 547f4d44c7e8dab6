import { createHash } from 'node:crypto';

/** Who an OIDC access token stands for, enough to key a cache; never the token itself. */
export interface TokenIdentity {
  issuer: string;
  subject: string;
}

/**
 * Reads `iss` and `sub` from a JWT access token's payload without verifying it: the cache only
 * needs to tell users apart, and Keystone (mod_auth_openidc) verifies the token on a miss. An
 * opaque token has no readable identity, so its hash stands in for the subject (no token value
 * ever reaches a file name).
 */
export function tokenIdentity(token: string): TokenIdentity {
  const payload = token.split('.')[1];
  if (payload !== undefined && token.split('.').length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      if (claims !== null && typeof claims === 'object') {
        const { iss, sub } = claims as { iss?: unknown; sub?: unknown };
        if (typeof iss === 'string' && typeof sub === 'string')
          return { issuer: iss, subject: sub };
      }
    } catch {
      // not a JWT after all: handled as opaque below
    }
  }
  return { issuer: 'opaque', subject: `sha256:${sha256(token)}` };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
