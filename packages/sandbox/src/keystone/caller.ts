import type { Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import { unauthorized } from './auth.js';
import { lookupToken } from './token-store.js';
import type { TokenRecord } from './token-model.js';

/**
 * The caller of a Keystone API (any valid token, scoped or not — unlike the other services, which
 * require a project-scoped one). Missing or bad X-Auth-Token → 401 with WWW-Authenticate.
 */
export function callerOf(site: SiteContext, c: Context): TokenRecord | Response {
  const lookup = lookupToken(site, c.req.header('x-auth-token'));
  return lookup.ok ? lookup.record : unauthorized(site, c);
}

/** Keystone's default `admin_required` rule: the admin role on the token. */
export function isAdmin(record: TokenRecord): boolean {
  return (record.roles ?? []).some((role) => role.name === 'admin');
}

/**
 * `role:reader and system_scope:all` in Keystone's default policies (admin and member imply
 * reader): what lets an operator's service account (cASO's) read users and projects.
 * https://docs.openstack.org/keystone/latest/admin/service-api-protection.html
 */
export function isSystemReader(record: TokenRecord): boolean {
  return (
    record.system?.all === true &&
    (record.roles ?? []).some((role) => ['reader', 'member', 'admin'].includes(role.name))
  );
}
