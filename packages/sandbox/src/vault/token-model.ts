import { z } from 'zod';

/**
 * A Vault service token as stored (the token itself never is: rows are keyed by its salted hash).
 * Times are seconds since the epoch, as Vault keeps them; `numUses` counts the uses left (0: no
 * limit).
 */
export const tokenEntrySchema = z.object({
  accessor: z.string(),
  /** Hash of the parent token; null for orphans (login tokens). */
  parent: z.string().nullable(),
  policies: z.array(z.string()),
  meta: z.record(z.string(), z.string()).nullable(),
  displayName: z.string(),
  /** The path that created it: auth/jwt/login, auth/token/create. */
  path: z.string(),
  numUses: z.number().int(),
  creationTime: z.number(),
  /** The TTL given at creation (lookup's creation_ttl). */
  creationTtl: z.number(),
  /** The TTL of the last grant or renewal, which a renewal without increment asks again. */
  authTtl: z.number(),
  explicitMaxTtl: z.number(),
  period: z.number(),
  renewable: z.boolean(),
  entityId: z.string(),
  /** The entity alias (the JWT's user claim), which templated policies name. */
  alias: z.string().nullable(),
  /** The JWT role of a login token: its renewals follow the role's TTLs. */
  role: z.string().nullable(),
  cubbyholeId: z.string(),
  issueTime: z.number(),
  /** Null: never expires. */
  expireTime: z.number().nullable(),
  lastRenewalTime: z.number().nullable(),
});

export type TokenEntry = z.infer<typeof tokenEntrySchema>;

/** What a caller of the store gets back: the entry and the hash that names it. */
export interface StoredToken {
  hash: string;
  entry: TokenEntry;
}
