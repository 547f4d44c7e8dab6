import { resolve } from 'node:path';
import { FedcloudError, findSite, siteVo, type SiteConfig } from '@fedcloud/sdk';
import type { OidcFlags, OpenstackAuthFlags, SiteFlags } from '../../options.js';
import { isAllSites } from '../../options.js';
import type { EnvExports } from '../../render/env.js';
import type { Runtime } from '../../runtime.js';

export interface SiteVoFlags extends SiteFlags {
  vo?: string;
}

interface SiteProject {
  site: SiteConfig;
  vo: string;
  projectId: string;
}

/** The VO's project at one site, from the site file (no network). */
async function siteProject(runtime: Runtime, flags: SiteVoFlags): Promise<SiteProject> {
  if (!flags.site || isAllSites(flags)) {
    throw new FedcloudError('USAGE', 'This command needs one site', {
      hint: 'Give --site NAME (or set EGI_SITE); `fedcloud site list` shows the names.',
    });
  }
  if (!flags.vo) {
    throw new FedcloudError('USAGE', 'No VO given', {
      hint: 'Give --vo VO (or set EGI_VO); `fedcloud token list-vos` shows yours.',
    });
  }
  const site = await findSite(runtime.sites, flags.site);
  const vo = siteVo(site, flags.vo);
  return { site, vo: vo.name, projectId: vo.projectId };
}

/** `site show-project-id`: OS_AUTH_URL and OS_PROJECT_ID. */
export async function showProjectId(runtime: Runtime, flags: SiteVoFlags): Promise<EnvExports> {
  const { site, projectId } = await siteProject(runtime, flags);
  return {
    vars: [
      { name: 'OS_AUTH_URL', value: site.endpoint },
      { name: 'OS_PROJECT_ID', value: projectId },
    ],
  };
}

/** `site env`: the six variables openstackclient needs for OIDC access to the VO's project. */
export async function siteEnv(
  runtime: Runtime,
  flags: SiteVoFlags & OidcFlags & Partial<OpenstackAuthFlags>,
): Promise<EnvExports> {
  const { site, projectId } = await siteProject(runtime, flags);
  const accessToken = await runtime.tokens(flags).getAccessToken();
  return {
    vars: [
      { name: 'OS_AUTH_URL', value: site.endpoint },
      { name: 'OS_AUTH_TYPE', value: flags.openstackAuthType ?? 'v3oidcaccesstoken' },
      { name: 'OS_IDENTITY_PROVIDER', value: flags.openstackAuthProvider ?? 'egi.eu' },
      { name: 'OS_PROTOCOL', value: flags.openstackAuthProtocol ?? site.protocol },
      { name: 'OS_ACCESS_TOKEN', value: accessToken },
      { name: 'OS_PROJECT_ID', value: projectId },
      ...caExport(runtime),
    ],
  };
}

/**
 * OS_CACERT for the `openstack` client when a CA bundle is configured: without it the Python
 * client does not trust an IGTF-signed site that our own calls trust (CERTIFICATE_VERIFY_FAILED).
 */
export function caExport(runtime: Pick<Runtime, 'caFile' | 'ctx'>): EnvExports['vars'] {
  return runtime.caFile
    ? [{ name: 'OS_CACERT', value: resolve(runtime.ctx.cwd, runtime.caFile) }]
    : [];
}
