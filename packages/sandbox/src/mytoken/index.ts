import type { Hono } from 'hono';
import type { Db } from '../store/db.js';
import { loadMytokenKeys } from './keys.js';
import { mytokenRoutes } from './routes.js';
import { MytokenStore } from './store.js';
import { signMytoken } from './token.js';

export interface MytokenOptions {
  db: Db;
  /** The server's own URL (no trailing slash): its issuer, and the `iss` of its tokens. */
  url: string;
  /** The OpenID provider its mytokens are for (the sandbox issuer). */
  oidcIssuer: string;
  /** Scopes asked for a mytoken that restricts none. */
  scopes: string[];
  /** A real access token of a seeded user, from the issuer. */
  accessToken(username: string, scope: string): Promise<string>;
  /** The user's `sub` at the issuer, or undefined for someone the sandbox does not know. */
  subjectOf(username: string): string | undefined;
  /** Seconds since the epoch (tests move it). */
  now?: () => number;
}

export interface MintOptions {
  /** `usages_AT`: how many access tokens the mytoken may give; unlimited when absent. */
  usesAt?: number;
  /** Lifetime in seconds; no expiry when absent. */
  expiresInSeconds?: number;
}

export interface MytokenServer {
  app: Hono;
  /** A mytoken for a seeded user, as the server would issue after an OIDC login. */
  mint(username: string, options?: MintOptions): Promise<string>;
}

/**
 * A mytoken server (oidc-mytoken/server) in front of the sandbox issuer: JWT mytokens signed with
 * its own ES512 key, restricted in uses and lifetime, kept (hashed) in the sandbox database, and
 * exchanged for real access tokens of their user.
 */
export async function createMytokenServer(options: MytokenOptions): Promise<MytokenServer> {
  const keys = await loadMytokenKeys(options.db);
  const store = new MytokenStore(options.db);
  const now = options.now ?? (() => Date.now() / 1000);
  const app = mytokenRoutes({
    url: options.url,
    oidcIssuer: options.oidcIssuer,
    scopes: options.scopes,
    keys,
    store,
    accessToken: (username, scope) => options.accessToken(username, scope),
    now,
  });
  return {
    app,
    async mint(username, mint = {}) {
      const oidcSub = options.subjectOf(username);
      if (oidcSub === undefined) throw new Error(`no seeded user ${username}`);
      const { usesAt, expiresInSeconds } = mint;
      if (usesAt !== undefined && !(Number.isInteger(usesAt) && usesAt >= 0)) {
        throw new Error('usesAt must be a whole number ≥ 0');
      }
      if (
        expiresInSeconds !== undefined &&
        !(Number.isInteger(expiresInSeconds) && expiresInSeconds > 0)
      ) {
        throw new Error('expiresInSeconds must be a whole number ≥ 1');
      }
      const issuedAt = now();
      const restriction = {
        ...(expiresInSeconds === undefined ? {} : { exp: Math.floor(issuedAt) + expiresInSeconds }),
        ...(usesAt === undefined ? {} : { usages_AT: usesAt }),
      };
      const { token, claims } = await signMytoken(keys, {
        server: options.url,
        oidcIssuer: options.oidcIssuer,
        oidcSub,
        name: `fedcloud-sandbox ${username}`,
        restriction: Object.keys(restriction).length > 0 ? restriction : undefined,
        now: issuedAt,
      });
      store.insert(claims.jti, token, username, issuedAt);
      return token;
    },
  };
}
