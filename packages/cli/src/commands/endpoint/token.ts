import type { EnvExports } from '../../render/env.js';
import type { Runtime } from '../../runtime.js';
import { scopeProject, type ProjectFlags } from './scoped.js';

/** `export OS_TOKEN="<scoped Keystone token>"`, for openstackclient's token auth. */
export async function endpointToken(runtime: Runtime, flags: ProjectFlags): Promise<EnvExports> {
  const scoped = await scopeProject(runtime, flags);
  return { vars: [{ name: 'OS_TOKEN', value: scoped.auth.token }] };
}
