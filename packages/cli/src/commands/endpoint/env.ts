import type { EnvExports } from '../../render/env.js';
import { caExport } from '../site/env.js';
import type { Runtime } from '../../runtime.js';
import { scopeProject, type ProjectFlags } from './scoped.js';

/**
 * The openstackclient environment for a project: checked by getting a scoped token first, as
 * fedcloudclient does, then the OIDC access token itself (keystoneauth redoes the exchange).
 */
export async function endpointEnv(runtime: Runtime, flags: ProjectFlags): Promise<EnvExports> {
  const s = await scopeProject(runtime, flags);
  return {
    comments: [`environment for ${s.site.name}`],
    vars: [
      { name: 'OS_AUTH_URL', value: s.site.endpoint },
      { name: 'OS_AUTH_TYPE', value: flags.openstackAuthType ?? 'v3oidcaccesstoken' },
      { name: 'OS_IDENTITY_PROVIDER', value: s.identityProvider },
      { name: 'OS_PROTOCOL', value: s.protocol },
      { name: 'OS_ACCESS_TOKEN', value: s.accessToken },
      { name: 'OS_PROJECT_ID', value: s.projectId },
      ...caExport(runtime),
    ],
  };
}
