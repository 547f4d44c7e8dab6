import type { AuthProject, Client, ScopedAuth, Transport } from '@fedcloud/openstack';
import type { TokenProvider } from './auth/types.js';
import type { SiteConfig } from './sites/types.js';

const todo = (): never => {
  throw new Error('not implemented yet');
};

/**
 * Keystone tokens per (site, project, user): in memory and on disk (mode 0600) under a hashed
 * name that holds no token value; entries are used only while well before their expiry.
 */
export interface KeystoneCache {
  get(key: string): Promise<ScopedAuth | undefined>;
  set(key: string, auth: ScopedAuth): Promise<void>;
  delete(key: string): Promise<void>;
}

/** `dir: false` keeps the cache in memory only; default dir: $XDG_CACHE_HOME/fedcloud/keystone. */
export function createKeystoneCache(_options: {
  dir?: string | false;
  env?: NodeJS.ProcessEnv;
}): KeystoneCache {
  return todo();
}

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

/** OIDC token -> unscoped Keystone token -> token scoped to the VO's project (+ catalogue). */
export async function openSiteSession(
  _site: SiteConfig,
  _vo: string,
  _options: SessionOptions,
): Promise<SiteSession> {
  return todo();
}

/** Projects the OIDC user may use at a site (`fedcloud endpoint projects`). */
export async function listSiteProjects(
  _site: SiteConfig,
  _options: Omit<SessionOptions, 'cache'>,
): Promise<AuthProject[]> {
  return todo();
}
