import {
  createClient,
  isOpenStackError,
  loginWithFederation,
  loginWithPassword,
  scopeToProject,
  type Client,
  type ScopedAuth,
  type Transport,
} from '@fedcloud/openstack';
import { reasonOf } from '../errors.js';
import type { KeystoneCredentials, OidcCredentials } from '../siteinfo/collect.js';

/** A token for Keystone's own API (projects, users) and the v3 root it belongs to. */
export interface IdentityToken {
  token: string;
  identityUrl: string;
}

/**
 * How the extractor reaches the site, as cASO's keystone_client does: a system-scoped token for
 * the tagged projects and the user names when the account has a role on the system, and a token
 * scoped to each accounted project for Nova, Glance and Neutron.
 */
export interface SiteAccess {
  /** Undefined when no system scope could be had (why: `systemProblem`). */
  system(): Promise<IdentityToken | undefined>;
  readonly systemProblem: string | undefined;
  project(projectId: string): Promise<Client>;
  readonly transport: Transport;
}

export interface SiteAccessOptions {
  authUrl: string;
  credentials: KeystoneCredentials;
  transport: Transport;
  regionName?: string;
  signal?: AbortSignal;
}

/** Re-log in this long before a token lapses. */
const MARGIN_MS = 60_000;

export function siteAccess(options: SiteAccessOptions): SiteAccess {
  const { credentials, transport, authUrl } = options;
  const signal = options.signal ? { signal: options.signal } : {};
  let systemAuth: ScopedAuth | undefined;
  let systemTried = false;
  let systemProblem: string | undefined;

  const projectAuth = (projectId: string): Promise<ScopedAuth> => {
    if ('tokens' in credentials)
      return federatedProject(transport, authUrl, credentials, projectId);
    return loginWithPassword(transport, {
      authUrl,
      username: credentials.username,
      password: credentials.password,
      userDomainName: credentials.userDomainName ?? 'Default',
      projectId,
      ...signal,
    });
  };

  return {
    transport,
    get systemProblem() {
      return systemProblem;
    },
    async system() {
      if (systemAuth && systemAuth.expiresAt.getTime() - MARGIN_MS > Date.now()) {
        return identity(systemAuth);
      }
      if (systemTried && !systemAuth) return undefined;
      systemTried = true;
      if ('tokens' in credentials) {
        systemProblem = 'a federated (OIDC) login has no system scope';
        return undefined;
      }
      try {
        systemAuth = await loginWithPassword(transport, {
          authUrl,
          username: credentials.username,
          password: credentials.password,
          userDomainName: credentials.userDomainName ?? 'Default',
          system: 'all',
          ...signal,
        });
        return identity(systemAuth);
      } catch (error) {
        options.signal?.throwIfAborted();
        systemAuth = undefined;
        // Keystone answers 401 for a scope the user holds no role on.
        systemProblem =
          isOpenStackError(error) && error.status === 401
            ? `${credentials.username} holds no role on the system scope`
            : reasonOf(error);
        return undefined;
      }
    },
    async project(projectId) {
      const auth = await projectAuth(projectId);
      return createClient({
        transport,
        auth: { ...auth, reauthenticate: () => projectAuth(projectId) },
        ...(options.regionName ? { region: options.regionName } : {}),
      });
    },
  };
}

/** A project-scoped token's identity side (GET /v3/projects/{own id} is allowed with it). */
export function identity(auth: ScopedAuth): IdentityToken {
  if (!auth.identityUrl) throw new Error('Keystone gave a token without its identity URL');
  return { token: auth.token, identityUrl: auth.identityUrl };
}

/** OS-FEDERATION login with the OIDC token, then the project scope (fedcloudclient's way). */
async function federatedProject(
  transport: Transport,
  authUrl: string,
  credentials: OidcCredentials,
  projectId: string,
): Promise<ScopedAuth> {
  const accessToken = await credentials.tokens.getAccessToken();
  const unscoped = await loginWithFederation(transport, {
    authUrl,
    identityProvider: credentials.identityProvider ?? 'egi.eu',
    protocol: credentials.protocol ?? 'openid',
    accessToken,
  });
  return scopeToProject(transport, unscoped, { id: projectId });
}
