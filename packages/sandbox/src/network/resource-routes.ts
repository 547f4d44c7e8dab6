import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import type { NeutronError } from './errors.js';
import { applyListQuery, fieldsOf, parseListQuery, queryParams, selectFields } from './query.js';
import { readBody } from './request.js';
import { findOwned, findVisible, listVisible } from './resource-store.js';

/**
 * What the generic read and tag routes need to know about one Neutron resource. Creates, updates
 * and deletes differ too much between resources and live in each resource's file.
 */
export interface ResourceDef<T extends { id: string; project_id: string }> {
  kind: string;
  /** Response key of one resource, e.g. `security_group`. */
  singular: string;
  /** Response key of a list, e.g. `security_groups`. */
  plural: string;
  /** URL segment, e.g. `security-groups`. */
  path: string;
  /** Attributes that may be filtered and sorted on. */
  attributes: readonly string[];
  notFound: (id: string) => NeutronError;
  /** Policy `get_<resource>`: what the caller may see at all. */
  visible: (site: SiteContext, auth: AuthContext, body: T) => boolean;
  /** The wire body for this caller (admin-only attributes stripped). */
  render: (site: SiteContext, auth: AuthContext, body: T) => Record<string, unknown>;
  /** Runs before reads, e.g. creating the project's default security group. */
  beforeRead?: (site: SiteContext, auth: AuthContext) => void;
}

/** GET /v2.0/<path> and GET /v2.0/<path>/{id}. */
export function registerReads<T extends { id: string; project_id: string }>(
  app: Hono<AuthEnv>,
  site: SiteContext,
  def: ResourceDef<T>,
): void {
  app.get(`/${def.path}`, (c) => {
    const auth = c.get('auth');
    def.beforeRead?.(site, auth);
    const query = parseListQuery(queryParams(c), def.attributes);
    const bodies = listVisible(site, auth, def).map((body) => ({
      ...def.render(site, auth, body),
      id: body.id,
    }));
    const page = applyListQuery(site, def.path, bodies, query, def.notFound);
    const response: Record<string, unknown> = { [def.plural]: page.items };
    if (page.links.length > 0) response[`${def.plural}_links`] = page.links;
    return c.json(response);
  });
  app.get(`/${def.path}/:id`, (c) => {
    const auth = c.get('auth');
    def.beforeRead?.(site, auth);
    const body = findVisible(site, auth, def, c.req.param('id') ?? '');
    return c.json({ [def.singular]: selectFields(def.render(site, auth, body), fieldsOf(c)) });
  });
}

/**
 * The start of every PUT /v2.0/<path>/{id}: the caller must own the resource (404 when hidden,
 * 403 when only visible), then `{"<singular>": {...}}` is read, refusing read-only attributes.
 */
export async function readUpdate<T extends { id: string; project_id: string }, S extends z.ZodType>(
  site: SiteContext,
  c: Context<AuthEnv>,
  def: ResourceDef<T>,
  schema: S,
  readOnly: readonly string[] = [],
): Promise<{ auth: AuthContext; current: T; request: z.output<S> }> {
  const auth = c.get('auth');
  const current = findOwned(site, auth, def, c.req.param('id') ?? '', 'update');
  const request = await readBody(c, def.singular, schema, readOnly);
  return { auth, current, request };
}
