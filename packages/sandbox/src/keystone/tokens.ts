import type { SiteContext } from '../site/context.js';
import { fernetLikeToken, sha256Hex, uuid } from '../site/ids.js';

export interface RoleRef {
  id: string;
  name: string;
}

/** What Keystone remembers about an issued token. Stored under the SHA-256 of its value. */
export interface TokenRecord {
  methods: string[];
  userId: string;
  userName: string;
  domainId: string;
  domainName: string;
  /** Present for tokens from the OS-FEDERATION login. */
  federation?: { identityProvider: string; protocol: string; groups: string[] };
  /** VOs the federated user belongs to, from the issuer's userinfo at login. */
  vos?: string[];
  projectId?: string;
  /** A system-scoped token. */
  system?: { all: true };
  roles?: RoleRef[];
  issuedAt: string;
  expiresAt: string;
  auditIds: string[];
}

const KIND = 'token';

export const ROLES = {
  admin: { id: 'e2b4f59e0a5a4e3c8a25cf1b1b5d8d01', name: 'admin' },
  member: { id: '9fe2ff9ee4384b1894a90878d3e92bab', name: 'member' },
  reader: { id: 'f5a7c0d5e3b94a4e8d5e2a6c7b8f9a02', name: 'reader' },
} as const satisfies Record<string, RoleRef>;

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
