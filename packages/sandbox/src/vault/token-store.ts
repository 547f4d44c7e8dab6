import type { Db } from '../store/db.js';
import { randomBase62, tokenHash } from './crypto.js';
import type { SecretStore } from './secret-store.js';
import { type StoredToken, type TokenEntry, tokenEntrySchema } from './token-model.js';

export interface NewToken {
  parent: string | null;
  policies: string[];
  meta: Record<string, string> | null;
  displayName: string;
  path: string;
  numUses: number;
  /** Seconds; 0 never expires. */
  ttl: number;
  explicitMaxTtl: number;
  period: number;
  renewable: boolean;
  entityId: string;
  alias: string | null;
  role: string | null;
}

/** A token's cubbyhole is a namespace of the secret store of its own. */
export function cubbyholeNamespace(entry: TokenEntry): string {
  return `cubbyhole:${entry.cubbyholeId}`;
}

/**
 * Vault's token store: service tokens (`hvs.` + base62) kept by salted hash, each with its parent,
 * so that revoking or expiring a token revokes its children too and destroys their cubbyholes.
 * Expiry is enforced when a token is looked up (with every ancestor) and by `sweep()`.
 */
export class TokenStore {
  constructor(
    private readonly db: Db,
    private readonly salt: Buffer,
    private readonly secrets: SecretStore,
    /** Seconds since the epoch. */
    private readonly now: () => number,
  ) {}

  create(input: NewToken): { token: string; stored: StoredToken } {
    const now = this.now();
    const token = `hvs.${randomBase62(24)}`;
    const entry: TokenEntry = {
      accessor: randomBase62(24),
      parent: input.parent,
      policies: input.policies,
      meta: input.meta,
      displayName: input.displayName,
      path: input.path,
      numUses: input.numUses,
      creationTime: Math.floor(now),
      creationTtl: input.ttl,
      authTtl: input.ttl,
      explicitMaxTtl: input.explicitMaxTtl,
      period: input.period,
      renewable: input.renewable,
      entityId: input.entityId,
      alias: input.alias,
      role: input.role,
      cubbyholeId: randomBase62(24),
      issueTime: now,
      expireTime: input.ttl > 0 ? now + input.ttl : null,
      lastRenewalTime: null,
    };
    const stored = { hash: tokenHash(this.salt, token), entry };
    this.db
      .prepare(
        'INSERT INTO vault_tokens (id_hash, accessor, parent_hash, expire_at, body) VALUES (?, ?, ?, ?, ?)',
      )
      .run(stored.hash, entry.accessor, entry.parent, entry.expireTime, JSON.stringify(entry));
    return { token, stored };
  }

  /** The live token with this value, or undefined (unknown, revoked, expired, parent gone). */
  lookup(token: string): StoredToken | undefined {
    if (!token) return undefined;
    return this.#live(tokenHash(this.salt, token));
  }

  #live(hash: string): StoredToken | undefined {
    const stored = this.#read(hash);
    if (!stored) return undefined;
    const { entry } = stored;
    if (entry.numUses < 0 || (entry.expireTime !== null && this.now() >= entry.expireTime)) {
      this.revoke(hash);
      return undefined;
    }
    // A child dies with its parent, also when the parent merely expired.
    if (entry.parent !== null && !this.#live(entry.parent)) {
      this.revoke(hash);
      return undefined;
    }
    return stored;
  }

  #read(hash: string): StoredToken | undefined {
    const row = this.db.prepare('SELECT body FROM vault_tokens WHERE id_hash = ?').get(hash) as
      { body: string } | undefined;
    return row && { hash, entry: tokenEntrySchema.parse(JSON.parse(row.body)) };
  }

  /**
   * Spends one use of a use-limited token, as Vault does for every request the token makes, even
   * a refused one. On the last use the token still serves the request; the caller revokes it after.
   */
  use(stored: StoredToken): { stored: StoredToken; lastUse: boolean } {
    if (stored.entry.numUses === 0) return { stored, lastUse: false };
    const numUses = stored.entry.numUses - 1;
    // Vault marks the last use as -1 (tokenRevocationPending): the token can no longer be found.
    const entry = { ...stored.entry, numUses: numUses === 0 ? -1 : numUses };
    const used = { hash: stored.hash, entry };
    this.save(used);
    return { stored: used, lastUse: numUses === 0 };
  }

  save(stored: StoredToken): void {
    this.db
      .prepare('UPDATE vault_tokens SET body = ?, expire_at = ? WHERE id_hash = ?')
      .run(JSON.stringify(stored.entry), stored.entry.expireTime, stored.hash);
  }

  /** Revokes a token and every descendant, destroying their cubbyholes. */
  revoke(hash: string): void {
    this.db.transaction(() => {
      const pending = [hash];
      while (pending.length > 0) {
        const current = pending.pop()!;
        const children = this.db
          .prepare('SELECT id_hash FROM vault_tokens WHERE parent_hash = ?')
          .all(current) as { id_hash: string }[];
        pending.push(...children.map((c) => c.id_hash));
        const row = this.db
          .prepare('SELECT body FROM vault_tokens WHERE id_hash = ?')
          .get(current) as { body: string } | undefined;
        if (row) {
          const entry = tokenEntrySchema.parse(JSON.parse(row.body));
          this.secrets.dropNamespace(cubbyholeNamespace(entry));
        }
        this.db.prepare('DELETE FROM vault_tokens WHERE id_hash = ?').run(current);
      }
    })();
  }

  /** Revokes every expired token (and so its children), as Vault's expiration manager does. */
  sweep(): void {
    const expired = this.db
      .prepare('SELECT id_hash FROM vault_tokens WHERE expire_at IS NOT NULL AND expire_at <= ?')
      .all(this.now()) as { id_hash: string }[];
    for (const { id_hash } of expired) this.revoke(id_hash);
  }
}
