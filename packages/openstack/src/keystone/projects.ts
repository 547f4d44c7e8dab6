import { z } from 'zod';
import { parseResponse } from '../parse.js';
import { request, type Transport } from '../request.js';
import type { UnscopedToken } from './types.js';

export const authProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain_id: z.string().optional(),
    enabled: z.boolean().optional(),
    description: z.string().nullish(),
  })
  .loose();

export type AuthProject = z.infer<typeof authProjectSchema>;

const authProjectsSchema = z.object({ projects: z.array(authProjectSchema) }).loose();

/**
 * The projects an (unscoped) token may be scoped to. Keystone does not paginate this list.
 * https://docs.openstack.org/api-ref/identity/v3/#get-available-project-scopes
 */
export async function listAuthProjects(
  transport: Transport,
  unscoped: Pick<UnscopedToken, 'token' | 'identityUrl'>,
  options: { signal?: AbortSignal } = {},
): Promise<AuthProject[]> {
  const response = await request(transport, {
    url: `${unscoped.identityUrl}/auth/projects`,
    token: unscoped.token,
    service: 'identity',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(authProjectsSchema, response.data, 'identity', 'project list').projects;
}
