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

/**
 * `GET /v3/users/{id}` (policy identity:get_user: admin, a system reader, or the user itself):
 * how cASO finds the name it reports as GlobalUserName.
 * https://docs.openstack.org/api-ref/identity/v3/#show-user-details
 */
export async function getUser(
  transport: Transport,
  auth: { token: string; identityUrl: string },
  id: string,
  options: { signal?: AbortSignal } = {},
): Promise<KeystoneUser> {
  const response = await request(transport, {
    url: `${auth.identityUrl}/users/${encodeURIComponent(id)}`,
    token: auth.token,
    service: 'identity',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(z.object({ user: userSchema }).loose(), response.data, 'identity', 'user')
    .user;
}
