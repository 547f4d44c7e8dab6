import type { HttpAuth } from './reply.js';
import type { TokenEntry } from './token-model.js';

/**
 * policyutil.SanitizePolicies: trimmed, lower-case, without blanks, `default` added when asked and
 * missing, only `root` when root is there, sorted and unique.
 */
export function sanitizePolicies(policies: readonly string[], addDefault: boolean): string[] {
  let cleaned = policies.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  if (cleaned.includes('root')) cleaned = ['root'];
  else if (addDefault && !cleaned.includes('default')) cleaned.push('default');
  return [...new Set(cleaned)].sort();
}

/** Seconds left before expiry, whole, never negative; 0 for a token that never expires. */
export function remainingTtl(entry: TokenEntry, now: number): number {
  return entry.expireTime === null ? 0 : Math.max(0, Math.floor(entry.expireTime - now));
}

/** The `auth` block Vault answers a login, a token creation and a renewal with. */
export function httpAuth(token: string, entry: TokenEntry, leaseDuration: number): HttpAuth {
  return {
    client_token: token,
    accessor: entry.accessor,
    policies: entry.policies,
    token_policies: entry.policies,
    metadata: entry.meta,
    lease_duration: leaseDuration,
    renewable: entry.renewable && entry.expireTime !== null,
    entity_id: entry.entityId,
    token_type: 'service',
    orphan: entry.parent === null,
    mfa_requirement: null,
    num_uses: entry.numUses,
  };
}

/** Go's time.Time in JSON (RFC 3339 with fractional seconds), which Vault's lookups print. */
function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * auth/token/lookup-self's `data` (token_store.go handleLookup): the token's own id, its
 * accessor, policies, uses left (-1 on its last use, as Vault marks it), times and renewability.
 */
export function lookupData(token: string, entry: TokenEntry, now: number): Record<string, unknown> {
  const data: Record<string, unknown> = {
    accessor: entry.accessor,
    creation_time: entry.creationTime,
    creation_ttl: entry.creationTtl,
    display_name: entry.displayName,
    entity_id: entry.entityId,
    expire_time: entry.expireTime === null ? null : rfc3339(entry.expireTime),
    explicit_max_ttl: entry.explicitMaxTtl,
    id: token,
    issue_time: rfc3339(entry.issueTime),
    meta: entry.meta,
    num_uses: entry.numUses,
    orphan: entry.parent === null,
    path: entry.path,
    policies: entry.policies,
    renewable: entry.renewable && entry.expireTime !== null,
    ttl: remainingTtl(entry, now),
    type: 'service',
  };
  if (entry.lastRenewalTime !== null) {
    data.last_renewal = rfc3339(entry.lastRenewalTime);
    data.last_renewal_time = Math.floor(entry.lastRenewalTime);
  }
  if (entry.period !== 0) data.period = entry.period;
  return data;
}
