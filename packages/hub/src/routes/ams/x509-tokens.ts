import { randomBytes } from 'node:crypto';

/** How long a token from `:authx509` is good for: ssmsend asks for a new one on every run. */
const TOKEN_LIFETIME_MS = 12 * 3600_000;
/** Tokens held at once; the oldest goes first. A site needs one per run. */
const MAX_TOKENS = 10_000;

export interface X509Grant {
  /** The site whose accounting endpoint has the certificate's DN. */
  site: string;
  dn: string;
  expiresAt: number;
}

/**
 * The keys handed out for a client certificate, as AMS's authn maps a certificate to a user's
 * token. They live in the hub's memory only: a restart costs a site one failed run at most,
 * since ssmsend fetches a token per run, and no database row ever holds a usable credential.
 */
export class X509Tokens {
  readonly #grants = new Map<string, X509Grant>();
  readonly #now: () => Date;

  constructor(now: () => Date) {
    this.#now = now;
  }

  issue(site: string, dn: string): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.#now().getTime();
    for (const [key, grant] of this.#grants) {
      if (grant.expiresAt <= now || this.#grants.size >= MAX_TOKENS) this.#grants.delete(key);
      else break;
    }
    this.#grants.set(token, { site, dn, expiresAt: now + TOKEN_LIFETIME_MS });
    return token;
  }

  lookup(token: string): X509Grant | undefined {
    const grant = this.#grants.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt > this.#now().getTime()) return grant;
    this.#grants.delete(token);
    return undefined;
  }
}
