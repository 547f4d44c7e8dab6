import { loginWithFederation, scopeToProject, type ScopedAuth } from '@fedcloud/openstack';
import { FedcloudError, isFedcloudError, type SiteConfig } from '@fedcloud/sdk';
import type { OidcFlags, OpenstackAuthFlags, SiteFlags } from '../../options.js';
import { isAllSites } from '../../options.js';
import { resolveSites, type Runtime } from '../../runtime.js';

export interface ProjectFlags extends SiteFlags, OidcFlags, Partial<OpenstackAuthFlags> {
  projectId?: string;
}

export interface ScopedProject {
  site: SiteConfig;
  projectId: string;
  protocol: string;
  identityProvider: string;
  accessToken: string;
  auth: ScopedAuth;
}

/**
 * `endpoint token|env`: a Keystone token for any project id at one site, as fedcloudclient's
 * endpoint.py does it (federated login, then scoping), the project need not be in the site file.
 */
export async function scopeProject(runtime: Runtime, flags: ProjectFlags): Promise<ScopedProject> {
  if (isAllSites(flags)) {
    throw new FedcloudError('USAGE', 'This command works on one site, not ALL_SITES', {
      hint: 'Give --site NAME (or set EGI_SITE).',
    });
  }
  const projectId = flags.projectId;
  if (!projectId) {
    throw new FedcloudError('USAGE', 'No project given', {
      hint: 'Use --project-id ID or set OS_PROJECT_ID; `fedcloud endpoint projects --site SITE` lists them.',
    });
  }
  const [site] = await resolveSites(runtime, flags);
  if (!site) throw new FedcloudError('SITE_UNKNOWN', 'No such site');
  const accessToken = await runtime.tokens(flags).getAccessToken();
  const protocol = flags.openstackAuthProtocol ?? site.protocol;
  const identityProvider = flags.openstackAuthProvider ?? 'egi.eu';
  const signal = AbortSignal.timeout(runtime.timeoutMs);
  try {
    const unscoped = await loginWithFederation(runtime.transport, {
      authUrl: site.endpoint,
      identityProvider,
      protocol,
      accessToken,
      signal,
    });
    const auth = await scopeToProject(runtime.transport, unscoped, projectId, { signal });
    return { site, projectId, protocol, identityProvider, accessToken, auth };
  } catch (error) {
    if (isFedcloudError(error)) throw error;
    throw new FedcloudError(
      'KEYSTONE_AUTH_FAILED',
      `Could not get a token for project ${projectId} at ${site.name}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint: 'Check the project id with `fedcloud endpoint projects --site SITE`, and your VO membership with `fedcloud token list-vos`.',
      },
    );
  }
}
