import type { Context, MiddlewareHandler } from 'hono';
import type { SiteContext } from '../site/context.js';
import { AUTH_REQUIRED, keystoneError } from './errors.js';
import { lookupToken } from './token-store.js';
import type { TokenRecord } from './token-model.js';

/** The caller of an OpenStack service, as keystonemiddleware hands it to the service. */
export interface AuthContext {
  userId: string;
  userName: string;
  domainId: string;
  /** Set for project-scoped tokens; services other than Keystone require it. */
  projectId: string;
  roles: string[];
  isAdmin: boolean;
  token: TokenRecord;
}

export interface AuthEnv {
  Variables: { auth: AuthContext };
}

/**
 * Validates X-Auth-Token like keystonemiddleware does in front of Nova, Glance, Neutron and Cinder:
 * no or bad token gives 401 with `WWW-Authenticate: Keystone uri="…"`; an unscoped token gives 401
 * too, since those services only accept project-scoped tokens.
 */
export function requireProjectToken(site: SiteContext): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const auth = authenticate(site, c);
    if (!auth) return unauthorized(site, c);
    c.set('auth', auth);
    await next();
  };
}

function authenticate(site: SiteContext, c: Context): AuthContext | undefined {
  const lookup = lookupToken(site, c.req.header('x-auth-token'));
  if (!lookup.ok) return undefined;
  const { record } = lookup;
  if (!record.projectId) return undefined;
  const roles = (record.roles ?? []).map((role) => role.name);
  return {
    userId: record.userId,
    userName: record.userName,
    domainId: record.domainId,
    projectId: record.projectId,
    roles,
    isAdmin: roles.includes('admin'),
    token: record,
  };
}

export function unauthorized(site: SiteContext, c: Context): Response {
  c.header('WWW-Authenticate', `Keystone uri="${site.baseUrl}/v3"`);
  return keystoneError(c, 401, AUTH_REQUIRED);
}
