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

/**
 * A project as `GET /v3/projects` shows it. Keystone returns the extra properties an operator set
 * (`openstack project set --property VO=… <id>`) as top-level keys: they are kept (`.loose()`).
 */
export const identityProjectSchema = authProjectSchema
  .extend({
    parent_id: z.string().nullish(),
    tags: z.array(z.string()).optional(),
  })
  .loose();

export type IdentityProject = z.infer<typeof identityProjectSchema>;

const identityProjectsSchema = z.object({ projects: z.array(identityProjectSchema) }).loose();

/** A token and the Keystone v3 root it came from (`ScopedAuth` or `UnscopedToken` both fit). */
interface IdentityAuth {
  token: string;
  identityUrl: string;
}

export interface ListProjectsOptions {
  /** Projects carrying every one of these tags (Keystone's `tags` filter). */
  tags?: readonly string[];
  signal?: AbortSignal;
}

/**
 * `GET /v3/projects` (policy identity:list_projects: admin, or a reader with system scope).
 * Keystone does not paginate it (a `list_limit` only truncates, flagged by `truncated`).
 * https://docs.openstack.org/api-ref/identity/v3/#list-projects
 */
export async function listProjects(
  transport: Transport,
  auth: IdentityAuth,
  options: ListProjectsOptions = {},
): Promise<IdentityProject[]> {
  const query =
    options.tags && options.tags.length > 0
      ? `?tags=${options.tags.map(encodeURIComponent).join(',')}`
      : '';
  const response = await request(transport, {
    url: `${auth.identityUrl}/projects${query}`,
    token: auth.token,
    service: 'identity',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(identityProjectsSchema, response.data, 'identity', 'project list').projects;
}

/**
 * `GET /v3/projects/{id}` (admin, a system reader, or a token scoped to that project).
 * https://docs.openstack.org/api-ref/identity/v3/#show-project-details
 */
export async function getProject(
  transport: Transport,
  auth: IdentityAuth,
  id: string,
  options: { signal?: AbortSignal } = {},
): Promise<IdentityProject> {
  const response = await request(transport, {
    url: `${auth.identityUrl}/projects/${encodeURIComponent(id)}`,
    token: auth.token,
    service: 'identity',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseResponse(
    z.object({ project: identityProjectSchema }).loose(),
    response.data,
    'identity',
    'project',
  ).project;
}
