import {
  createClient,
  isOpenStackError,
  listAuthProjects,
  loginWithFederation,
  scopeToProject,
  transportFetch,
  type AuthProject,
  type Client,
  type OpenStackError,
  type ScopedAuth,
  type Transport,
  type UnscopedToken,
} from '@fedcloud/openstack';
import type { TokenProvider } from '../auth/types.js';
import { FedcloudError, isFedcloudError } from '../errors.js';
import { siteVo } from '../sites/find.js';
import type { SiteConfig } from '../sites/types.js';
import { keystoneCacheKey, type KeystoneCache } from './cache.js';
import { fromOpenStackError, openStackDetails } from './errors.js';
import { readJwt } from '../auth/decode.js';
import { checkTokenSignature } from '../auth/verify-signature.js';
import { sha256 } from './sha256.js';

export interface SessionOptions {
  transport: Transport;
  tokens: TokenProvider;
  /** Keystone identity provider id (fedcloudclient: --openstack-auth-provider, default egi.eu). */
  identityProvider?: string;
  /** Overrides the site's protocol (openid|oidc). */
  protocol?: string;
  cache?: KeystoneCache;
  signal?: AbortSignal;
}

/** A project-scoped connection to one site for one VO. */
export interface SiteSession {
  site: SiteConfig;
  vo: string;
  projectId: string;
  auth: ScopedAuth;
  /** @fedcloud/openstack client; re-authenticates (new OIDC token -> Keystone) on expiry or 401. */
  client: Client;
}

/** fedcloudclient's --openstack-auth-provider default: EGI Check-in's IdP id at every site. */
const DEFAULT_IDENTITY_PROVIDER = 'egi.eu';

/**
 * The OIDC token must outlive the two Keystone calls that use it; mod_auth_openidc refuses one
 * that expires in between.
 */
const MIN_OIDC_VALIDITY_S = 60;

interface Login {
  site: SiteConfig;
  vo?: string;
  transport: Transport;
  tokens: TokenProvider;
  identityProvider: string;
  protocol: string;
}

/**
 * OIDC token -> unscoped Keystone token (OS-FEDERATION) -> token scoped to the VO's project, with
 * a cache in front keyed by site, project, IdP, protocol and the OIDC token's hash. The OIDC token
 * is fetched first even on a cache hit: only the very token Keystone accepted finds its entry.
 */
export async function openSiteSession(
  site: SiteConfig,
  vo: string,
  options: SessionOptions,
): Promise<SiteSession> {
  const { projectId } = siteVo(site, vo);
  const login = loginOf(site, options, vo);
  const { cache } = options;

  const scoped = async (signal?: AbortSignal): Promise<ScopedAuth> => {
    const accessToken = await oidcToken(login, signal);
    const key = cacheKey(login, projectId, accessToken);
    const cached = await cache?.get(key);
    if (cached && cached.projectId === projectId) return cached;
    const unscoped = await federatedLogin(login, accessToken, signal);
    const auth = await scope(login, unscoped, projectId, signal);
    await cache?.set(key, auth);
    return auth;
  };

  // Called by the client on a 401 or an expired token: the cached token is the one that failed,
  // so it is dropped and a fresh OIDC token goes through Keystone again. No signal: the session
  // outlives whatever signal opened it.
  const reauthenticate = async (): Promise<ScopedAuth> => {
    const accessToken = await oidcToken(login);
    const key = cacheKey(login, projectId, accessToken);
    await cache?.delete(key);
    const unscoped = await federatedLogin(login, accessToken);
    const auth = await scope(login, unscoped, projectId);
    await cache?.set(key, auth);
    return { ...auth, reauthenticate };
  };

  const auth: ScopedAuth = { ...(await scoped(options.signal)), reauthenticate };
  const client = createClient({
    transport: options.transport,
    auth,
    ...(site.region === undefined ? {} : { region: site.region }),
  });
  return { site, vo, projectId, auth, client };
}

/** Projects the OIDC user may use at a site (`fedcloud endpoint projects`). */
export async function listSiteProjects(
  site: SiteConfig,
  options: Omit<SessionOptions, 'cache'>,
): Promise<AuthProject[]> {
  const login = loginOf(site, options);
  const accessToken = await oidcToken(login, options.signal);
  const unscoped = await federatedLogin(login, accessToken, options.signal);
  try {
    return await listAuthProjects(
      options.transport,
      unscoped,
      options.signal ? { signal: options.signal } : {},
    );
  } catch (error) {
    throw keystoneError(login, error, 'project list');
  }
}

function loginOf(site: SiteConfig, options: Omit<SessionOptions, 'cache'>, vo?: string): Login {
  const login: Login = {
    site,
    transport: options.transport,
    tokens: options.tokens,
    identityProvider: options.identityProvider ?? DEFAULT_IDENTITY_PROVIDER,
    protocol: options.protocol ?? site.protocol,
  };
  if (vo !== undefined) login.vo = vo;
  return login;
}

async function oidcToken(login: Login, signal?: AbortSignal): Promise<string> {
  return login.tokens.getAccessToken({
    minValidSeconds: MIN_OIDC_VALIDITY_S,
    ...(signal ? { signal } : {}),
  });
}

/**
 * Keyed by the access token itself (its hash, never its value): a token that was not the one
 * Keystone accepted, even one naming the same issuer and subject (a forged signature), is never
 * handed the Keystone token that one earned.
 */
function cacheKey(login: Login, projectId: string, accessToken: string): string {
  return keystoneCacheKey({
    endpoint: login.site.endpoint,
    projectId,
    identityProvider: login.identityProvider,
    protocol: login.protocol,
    accessTokenHash: sha256(accessToken),
  });
}

async function federatedLogin(
  login: Login,
  accessToken: string,
  signal?: AbortSignal,
): Promise<UnscopedToken> {
  try {
    return await loginWithFederation(login.transport, {
      authUrl: login.site.endpoint,
      identityProvider: login.identityProvider,
      protocol: login.protocol,
      accessToken,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (isOpenStackError(error) && (error.status === 401 || error.status === 403)) {
      const broken = await brokenToken(login, accessToken);
      if (broken) throw broken;
    }
    throw keystoneError(login, error, 'federation');
  }
}

/**
 * When a site refuses the OIDC token, whether the token itself is at fault (not a JWT, or a
 * signature its issuer's keys do not verify): that is a token error, not a VO membership one.
 */
async function brokenToken(login: Login, accessToken: string): Promise<FedcloudError | undefined> {
  const parts = readJwt(accessToken);
  const issuer = parts?.claims.iss;
  if (!parts || typeof issuer !== 'string') {
    return new FedcloudError(
      'TOKEN_INVALID',
      `${login.site.name} refused the access token, which is not a JWT access token`,
      { hint: 'Set OIDC_ACCESS_TOKEN to an access token of your issuer (e.g. `oidc-token egi`).' },
    );
  }
  const signature = await checkTokenSignature(accessToken, issuer, {
    fetch: transportFetch(login.transport),
  });
  if (signature.status !== 'invalid') return undefined;
  return new FedcloudError(
    'TOKEN_INVALID',
    `${login.site.name} refused the access token: its signature is invalid (${signature.reason})`,
    { hint: 'This is not a token of its issuer; get a new one (e.g. `oidc-token egi`).' },
  );
}

async function scope(
  login: Login,
  unscoped: UnscopedToken,
  projectId: string,
  signal?: AbortSignal,
): Promise<ScopedAuth> {
  try {
    return await scopeToProject(
      login.transport,
      unscoped,
      { id: projectId },
      signal ? { signal } : {},
    );
  } catch (error) {
    throw keystoneError(login, error, 'scope', projectId);
  }
}

type Stage = 'federation' | 'scope' | 'project list';

/** Keystone failures in the words of the step that failed; the OpenStackError stays as cause. */
function keystoneError(login: Login, error: unknown, stage: Stage, projectId?: string): unknown {
  if (isFedcloudError(error) || !isOpenStackError(error)) return error;
  const site = login.site.name;
  const refused =
    error.code === 'KEYSTONE_AUTH_FAILED' || error.status === 401 || error.status === 403;
  if (refused && stage === 'federation') {
    return authFailed(
      error,
      `${site} refused the OIDC token (Keystone federated login with identity provider ${login.identityProvider}, protocol ${login.protocol})`,
      'The token may lack membership of the VO or may not be accepted by this site; run `fedcloud token list-vos` to see the VOs it carries.',
    );
  }
  if (refused && stage === 'scope') {
    return authFailed(
      error,
      `no access to project ${projectId ?? '?'} of VO ${login.vo ?? '?'} at ${site}`,
      `Check that your token carries ${login.vo ?? 'the VO'} (\`fedcloud token list-vos\`) and that the project id in ${login.site.source} is current (\`fedcloud endpoint projects --site ${site}\`).`,
    );
  }
  if (stage === 'federation' && error.status === 404) {
    return authFailed(
      error,
      `${site} has no identity provider ${login.identityProvider} with protocol ${login.protocol}`,
      `Try the other federation protocol (--openstack-auth-protocol ${login.protocol === 'openid' ? 'oidc' : 'openid'}) or check the identity provider id.`,
    );
  }
  if (error.code === 'TIMEOUT') {
    return new FedcloudError(
      'SITE_TIMEOUT',
      `${site}: Keystone did not answer in time (${error.message})`,
      {
        cause: error,
        details: openStackDetails(error),
      },
    );
  }
  if (error.code === 'NETWORK_ERROR') {
    const mapped = fromOpenStackError(error, site);
    return new FedcloudError('SITE_UNREACHABLE', `${site} is unreachable: ${error.message}`, {
      cause: error,
      details: openStackDetails(error),
      ...(mapped.hint === undefined ? {} : { hint: mapped.hint }),
    });
  }
  return fromOpenStackError(error, site);
}

function authFailed(error: OpenStackError, message: string, hint: string): FedcloudError {
  return new FedcloudError('KEYSTONE_AUTH_FAILED', message, {
    hint,
    cause: error,
    details: openStackDetails(error),
  });
}
