import {
  createClient,
  getComputeMicroversion,
  getComputeQuotaLimits,
  getFlavorExtraSpecs,
  isOpenStackError,
  listFlavors,
  listImages,
  listServers,
  loginWithPassword,
  validateToken,
  type Client,
  type Transport,
} from '@fedcloud/openstack';
import { openSiteSession, type SiteConfig, type SiteVo, type TokenProvider } from '@fedcloud/sdk';
import { reasonOf } from '../errors.js';
import type { FlavorInfo, NovaVersion, ShareInfo } from './types.js';

/** Keystone password login of a local service user (the sandbox's and most sites' way). */
export interface PasswordCredentials {
  username: string;
  password: string;
  /** Default `Default`. */
  userDomainName?: string;
}

/** OIDC login through OS-FEDERATION, as fedcloudclient does, for a token of a service account. */
export interface OidcCredentials {
  tokens: TokenProvider;
  /** Keystone identity provider id; default `egi.eu`. */
  identityProvider?: string;
  /** Overrides the site file's protocol (openid | oidc). */
  protocol?: string;
}

export type KeystoneCredentials = PasswordCredentials | OidcCredentials;

function isOidcCredentials(credentials: KeystoneCredentials): credentials is OidcCredentials {
  return 'tokens' in credentials;
}

/**
 * The version novaclient reports for `Client(2, …)`: cloud-info-provider builds its client that
 * way and publishes `api_version.get_string()`, so InterfaceVersion is always "2.0".
 */
const NOVA_INTERFACE_VERSION = '2.0';

interface CallContext {
  transport: Transport;
  signal?: AbortSignal;
  /**
   * Extra specs already asked for in this cycle, by flavor id. They belong to the flavor, not to
   * a project, so every share after the first reuses them: one call a flavor instead of one a
   * flavor and VO (most of an agent's calls on a site with several VOs).
   */
  extraSpecs?: Map<string, Promise<Record<string, string>>>;
}

/** A client scoped to the VO's project (cloud-info-provider's `rescope_project`). */
export async function openProject(
  site: SiteConfig,
  vo: SiteVo,
  credentials: KeystoneCredentials,
  context: CallContext,
): Promise<Client> {
  if (isOidcCredentials(credentials)) {
    const session = await openSiteSession(site, vo.name, {
      transport: context.transport,
      tokens: credentials.tokens,
      ...(credentials.identityProvider === undefined
        ? {}
        : { identityProvider: credentials.identityProvider }),
      ...(credentials.protocol === undefined ? {} : { protocol: credentials.protocol }),
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return session.client;
  }
  const auth = await loginWithPassword(context.transport, {
    authUrl: site.endpoint,
    username: credentials.username,
    password: credentials.password,
    userDomainName: credentials.userDomainName ?? 'Default',
    projectId: vo.projectId,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  return createClient({
    transport: context.transport,
    auth,
    ...(site.region === undefined ? {} : { region: site.region }),
  });
}

/** Everything one share needs, read through a client scoped to its project. */
export async function collectShare(
  client: Client,
  vo: string,
  context: CallContext,
): Promise<ShareInfo> {
  const call = context.signal ? { signal: context.signal } : {};
  const projectId = client.auth.projectId;
  if (projectId === undefined) throw new Error('Keystone returned a token without a project');
  const [project, images, flavors, quotas, servers] = await Promise.all([
    tokenProject(client, context),
    // Glance lists what the project may see: public, its own and shared images.
    listImages(client, { status: 'active' }, call),
    collectFlavors(client, context),
    collectQuotas(client, projectId, context),
    listServers(client, {}, call),
  ]);
  return {
    vo,
    projectId,
    projectName: project.name,
    projectDomainName: project.domainName,
    imageEndpoint: client.endpoint('image'),
    images: images.map((image) => ({ ...image })),
    flavors,
    quotas,
    serverStatuses: servers.map((server) => server.status ?? 'UNKNOWN'),
  };
}

/**
 * Public and private flavors (`is_public=None`, as novaclient sends for `is_public=None`) and each
 * one's extra specs (`get_keys()`), read at the base microversion like the provider's client.
 */
async function collectFlavors(client: Client, context: CallContext): Promise<FlavorInfo[]> {
  const call = context.signal ? { signal: context.signal } : {};
  const flavors = await listFlavors(client, { is_public: 'None' }, call);
  return Promise.all(
    flavors.map(async (flavor) => {
      const extraSpecs = await flavorExtraSpecs(client, flavor.id, context);
      return {
        id: flavor.id,
        name: flavor.name,
        vcpus: flavor.vcpus ?? 0,
        ram: flavor.ram ?? 0,
        disk: flavor.disk ?? 0,
        isPublic: flavor['os-flavor-access:is_public'] ?? true,
        extraSpecs,
      };
    }),
  );
}

function flavorExtraSpecs(
  client: Client,
  id: string,
  context: CallContext,
): Promise<Record<string, string>> {
  const known = context.extraSpecs?.get(id);
  if (known) return known;
  const read = getFlavorExtraSpecs(client, id, context.signal ? { signal: context.signal } : {});
  // A failed read is not kept: the next share asks again with its own token.
  context.extraSpecs?.set(id, read);
  read.catch(() => context.extraSpecs?.delete(id));
  return read;
}

/** `GET /os-quota-sets/{project}`; a 403 leaves the quotas empty, as the provider tolerates. */
async function collectQuotas(
  client: Client,
  projectId: string,
  context: CallContext,
): Promise<Record<string, number>> {
  try {
    const quotaSet = await getComputeQuotaLimits(
      client,
      projectId,
      context.signal ? { signal: context.signal } : {},
    );
    const quotas: Record<string, number> = {};
    for (const [key, value] of Object.entries(quotaSet)) {
      if (typeof value === 'number') quotas[key] = value;
    }
    return quotas;
  } catch (error) {
    if (isOpenStackError(error) && error.status === 403) return {};
    throw error;
  }
}

/**
 * The project's name and domain as Keystone describes the token (keystoneauth's `get_access`):
 * `GET /v3/auth/tokens` on the token itself.
 */
async function tokenProject(
  client: Client,
  context: CallContext,
): Promise<{ name: string | null; domainName: string | null }> {
  const { auth } = client;
  if (!auth.identityUrl) return { name: auth.projectName ?? null, domainName: null };
  const info = await validateToken(context.transport, {
    identityUrl: auth.identityUrl,
    token: auth.token,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  return {
    name: info.projectName ?? auth.projectName ?? null,
    domainName: info.projectDomainName ?? null,
  };
}

/**
 * Nova's current microversion from its version document (novaclient's
 * `versions.get_current()`): the versioned endpoint's own document, else the CURRENT entry of
 * the root list.
 * https://docs.openstack.org/api-ref/compute/#api-versions
 */
export async function novaVersion(
  client: Client,
  context: CallContext,
): Promise<{ version: NovaVersion; warning?: string }> {
  try {
    const current = await getComputeMicroversion(
      client,
      context.signal ? { signal: context.signal } : {},
    );
    return {
      version: {
        interfaceVersion: NOVA_INTERFACE_VERSION,
        ...(current ? { implementationVersion: current } : {}),
      },
    };
  } catch (error) {
    return {
      version: { interfaceVersion: NOVA_INTERFACE_VERSION },
      warning: `cannot read Nova's version document: ${reasonOf(error)}`,
    };
  }
}
