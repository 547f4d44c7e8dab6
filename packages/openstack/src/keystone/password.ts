import type { Transport } from '../request.js';
import { identityV3Url } from './discovery.js';
import { issueToken } from './issue-token.js';
import { projectScope } from './project-scope.js';
import { toScopedAuth } from './scoped-auth.js';
import type { ProjectSelector, ScopedAuth } from './types.js';

interface PasswordLoginBase {
  authUrl: string;
  username: string;
  password: string;
  /** Defaults to `Default`, Keystone's built-in domain. */
  userDomainName?: string;
  userDomainId?: string;
  signal?: AbortSignal;
}

/**
 * The project by id, or by name within a domain (`Default` unless told), or the whole system
 * (`system: 'all'`: what cASO asks for to list tagged projects and read user names).
 */
export type PasswordLoginOptions = PasswordLoginBase &
  (
    | { projectId: string }
    | { projectName: string; projectDomainName?: string; projectDomainId?: string }
    | { system: 'all' }
  );

type ProjectLoginOptions = Exclude<PasswordLoginOptions, { system: 'all' }>;

function selectProject(options: ProjectLoginOptions): ProjectSelector {
  if ('projectId' in options) return { id: options.projectId };
  if (options.projectDomainId !== undefined) {
    return { name: options.projectName, domainId: options.projectDomainId };
  }
  return { name: options.projectName, domainName: options.projectDomainName ?? 'Default' };
}

/**
 * Password login scoped to a project (or to the system) in one call. The returned auth re-authenticates by logging
 * in again, so a client built on it survives token expiry.
 * https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-scoped-authorization
 * https://docs.openstack.org/keystone/latest/admin/tokens-overview.html#system-scoped-tokens
 */
export async function loginWithPassword(
  transport: Transport,
  options: PasswordLoginOptions,
): Promise<ScopedAuth> {
  const identityUrl = identityV3Url(options.authUrl);
  const domain =
    options.userDomainId !== undefined
      ? { id: options.userDomainId }
      : { name: options.userDomainName ?? 'Default' };
  const issued = await issueToken(transport, {
    url: `${identityUrl}/auth/tokens`,
    what: 'password login',
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: options.username, domain, password: options.password } },
        },
        scope:
          'system' in options ? { system: { all: true } } : projectScope(selectProject(options)),
      },
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { signal: _signal, ...again } = options;
  return toScopedAuth(issued, identityUrl, () => loginWithPassword(transport, again));
}
