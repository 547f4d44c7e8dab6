import type { SiteContext } from '../site/context.js';
import type { AuthRequest, UserRef } from './token-request.js';
import { AUTH_REQUIRED, expectingToFind } from './errors.js';
import { verifyPassword } from './passwords.js';
import { KINDS } from './resource-store.js';
import { domainName, findDomain } from './project-store.js';
import { getUser } from './user-store.js';
import type { UserRecord } from './user-model.js';
import { lookupToken } from './token-store.js';
import type { TokenRecord } from './token-model.js';

export type Outcome<T> =
  { ok: true; value: T } | { ok: false; status: 400 | 401 | 404; message: string };

/** Who the auth methods proved the caller to be, plus what a token method inherits. */
export interface Authenticated {
  methods: string[];
  userId: string;
  userName: string;
  domainId: string;
  domainName: string;
  federation?: TokenRecord['federation'];
  vos?: string[];
  /** A token obtained from another token keeps its expiry (Keystone copies `expires_at`). */
  expiresAt?: string;
  auditIds?: string[];
}

const fail = (status: 400 | 401 | 404, message: string) =>
  ({ ok: false, status, message }) as const;

/**
 * Runs the `identity.methods` of POST /v3/auth/tokens. The sandbox knows `password` and `token`;
 * any other method is AuthMethodNotSupported (401), as for a Keystone without that plugin.
 * https://docs.openstack.org/api-ref/identity/v3/#authentication-and-token-management
 */
export async function authenticateIdentity(
  site: SiteContext,
  identity: AuthRequest['auth']['identity'],
): Promise<Outcome<Authenticated>> {
  const methods = [...new Set(identity.methods)];
  const method = methods[0];
  if (methods.length !== 1 || (method !== 'password' && method !== 'token')) {
    return fail(401, AUTH_REQUIRED);
  }
  if (method === 'password') {
    if (!identity.password) return fail(400, expectingToFind('password', 'identity'));
    return passwordMethod(site, identity.password.user);
  }
  if (!identity.token) return fail(400, expectingToFind('token', 'identity'));
  return tokenMethod(site, identity.token.id);
}

async function passwordMethod(site: SiteContext, ref: UserRef): Promise<Outcome<Authenticated>> {
  let user: UserRecord | undefined;
  if (ref.id !== undefined) {
    user = getUser(site, ref.id);
  } else if (ref.name !== undefined) {
    if (!ref.domain || (ref.domain.id === undefined && ref.domain.name === undefined)) {
      return fail(400, expectingToFind('domain', 'user'));
    }
    const domain = findDomain(site, ref.domain);
    user = domain
      ? site.store
          .list<UserRecord>(KINDS.user)
          .find((u) => u.name === ref.name && u.domain_id === domain.id)
      : undefined;
  } else {
    return fail(400, expectingToFind('id or name', 'user'));
  }
  const secret = user && site.store.get<{ hash: string }>(KINDS.userSecret, user.id);
  if (!user || !user.enabled || !secret || ref.password === undefined)
    return fail(401, AUTH_REQUIRED);
  if (!(await verifyPassword(ref.password, secret.hash))) return fail(401, AUTH_REQUIRED);
  return {
    ok: true,
    value: {
      methods: ['password'],
      userId: user.id,
      userName: user.name,
      domainId: user.domain_id,
      domainName: domainName(site, user.domain_id),
    },
  };
}

/**
 * The `token` method: Keystone validates the given token (404 TokenNotFound when it is unknown or
 * expired, not 401) and the new token inherits its methods, user, expiry and audit chain.
 */
function tokenMethod(site: SiteContext, value: string): Outcome<Authenticated> {
  const lookup = lookupToken(site, value);
  if (!lookup.ok) return fail(404, tokenNotFoundMessage(lookup.reason));
  const parent = lookup.record;
  const chain = parent.auditIds.at(-1);
  return {
    ok: true,
    value: {
      methods: ['token', ...parent.methods.filter((m) => m !== 'token')],
      userId: parent.userId,
      userName: parent.userName,
      domainId: parent.domainId,
      domainName: parent.domainName,
      ...(parent.federation && { federation: parent.federation }),
      ...(parent.vos && { vos: parent.vos }),
      expiresAt: parent.expiresAt,
      ...(chain && { auditIds: [chain] }),
    },
  };
}

/** Fernet's wording: garbage (or revoked here) vs. a token past its expiry. */
export function tokenNotFoundMessage(reason: 'missing' | 'expired'): string {
  return reason === 'expired' ? 'Failed to validate token' : 'Could not recognize Fernet token';
}
