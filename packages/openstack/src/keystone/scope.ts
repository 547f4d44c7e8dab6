import type { Transport } from '../request.js';
import { issueToken } from './issue-token.js';
import { projectScope } from './project-scope.js';
import { toScopedAuth } from './scoped-auth.js';
import type { ProjectSelector, ScopedAuth, UnscopedToken } from './types.js';

export interface ScopeOptions {
  /**
   * How to get a fresh scoped token later. An unscoped token cannot renew itself, so whoever
   * holds the longer-lived credential (an OIDC refresh token, a password) supplies this.
   */
  reauthenticate?: () => Promise<ScopedAuth>;
  signal?: AbortSignal;
}

/**
 * Trade an unscoped token for a project-scoped one with its service catalogue.
 * https://docs.openstack.org/api-ref/identity/v3/#token-authentication-with-scoped-authorization
 */
export async function scopeToProject(
  transport: Transport,
  unscoped: Pick<UnscopedToken, 'token' | 'identityUrl'>,
  project: ProjectSelector,
  options: ScopeOptions = {},
): Promise<ScopedAuth> {
  const issued = await issueToken(transport, {
    url: `${unscoped.identityUrl}/auth/tokens`,
    what: 'project scoping',
    body: {
      auth: {
        identity: { methods: ['token'], token: { id: unscoped.token } },
        scope: projectScope(project),
      },
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return toScopedAuth(issued, unscoped.identityUrl, options.reauthenticate);
}
