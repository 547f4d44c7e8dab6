import type { SiteContext } from '../site/context.js';
import { fernetLikeToken, sha256Hex, uuid } from '../site/ids.js';
import type { TokenRecord } from './token-model.js';

const KIND = 'token';

/**
 * Mints a token. `auditIds` are the parent's audit chain: like Keystone's `audit_info()`, the new
 * token's own audit id comes first and the chain id (the first token's) second.
 * https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-unscoped-authorization
 */
export function issueToken(
  site: SiteContext,
  record: Omit<TokenRecord, 'issuedAt' | 'expiresAt' | 'auditIds'> & {
    expiresAt?: string;
    auditIds?: string[];
  },
): { value: string; record: TokenRecord } {
  const now = site.now();
  const full: TokenRecord = {
    ...record,
    issuedAt: now.toISOString(),
    expiresAt:
      record.expiresAt ?? new Date(now.getTime() + site.spec.tokenTtlSeconds * 1000).toISOString(),
    auditIds: [auditId(), ...(record.auditIds ?? [])],
  };
  const value = fernetLikeToken();
  site.store.insert(KIND, sha256Hex(value), full.projectId ?? null, full, now);
  return { value, record: full };
}

export type TokenLookup =
  { ok: true; record: TokenRecord } | { ok: false; reason: 'missing' | 'expired' };

export function lookupToken(site: SiteContext, value: string | undefined): TokenLookup {
  if (!value) return { ok: false, reason: 'missing' };
  const id = sha256Hex(value);
  const record = site.store.get<TokenRecord>(KIND, id);
  if (!record) return { ok: false, reason: 'missing' };
  if (Date.parse(record.expiresAt) <= site.now().getTime()) {
    site.store.delete(KIND, id);
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, record };
}

export function revokeToken(site: SiteContext, value: string): boolean {
  return site.store.delete(KIND, sha256Hex(value));
}

/** Keystone audit ids are 22 characters of url-safe base64. */
function auditId(): string {
  return Buffer.from(uuid().replaceAll('-', ''), 'hex').toString('base64url').slice(0, 22);
}
