import { z } from 'zod';
import { parseResponse } from '../parse.js';
import { request, type Transport } from '../request.js';

export const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain_id: z.string().optional(),
    enabled: z.boolean().optional(),
  })
  .loose();

export type KeystoneUser = z.infer<typeof userSchema>;

const usersSchema = z.object({ users: z.array(userSchema) }).loose();

/**
 * `GET /v3/users` (policy identity:list_users: admin, or a reader with system scope, or the
 * auditor role EGI sites grant for VO auditing). Keystone does not paginate it by default.
 * https://docs.openstack.org/api-ref/identity/v3/#list-users
 */
export async function listUsers(
  transport: Transport,
  auth: { token: string; identityUrl: string },
  options: { name?: string; signal?: AbortSignal } = {},
): Promise<KeystoneUser[]> {
  const query = options.name === undefined ? '' : `?name=${encodeURIComponent(options.name)}`;
  const response = await request(transport, {
    url: `${auth.identityUrl}/users${query}`,
    token: auth.token,
    service: 'identity',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(usersSchema, response.data, 'identity', 'user list').users;
}
