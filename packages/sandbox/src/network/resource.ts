import type { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { readJson, validate, zTags } from './body.js';
import { NeutronError, policyError } from './errors.js';
import { save } from './model.js';
import { applyListQuery, fieldsOf, parseListQuery, queryParams, selectFields } from './query.js';

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

export function listVisible<T extends { id: string; project_id: string }>(
  site: SiteContext,
  auth: AuthContext,
  def: ResourceDef<T>,
): T[] {
  return site.store.list<T>(def.kind).filter((body) => def.visible(site, auth, body));
}

/** The resource if the caller may see it; otherwise neutron's 404 (never 403: hidden is absent). */
export function findVisible<T extends { id: string; project_id: string }>(
  site: SiteContext,
  auth: AuthContext,
  def: ResourceDef<T>,
  id: string,
): T {
  const body = site.store.get<T>(def.kind, id);
  if (!body || !def.visible(site, auth, body)) throw def.notFound(id);
  return body;
}

/** Like findVisible, then 403 unless the caller owns it (visible shared resources). */
export function findOwned<T extends { id: string; project_id: string }>(
  site: SiteContext,
  auth: AuthContext,
  def: ResourceDef<T>,
  id: string,
  action: 'update' | 'delete',
): T {
  const body = findVisible(site, auth, def, id);
  if (!auth.isAdmin && body.project_id !== auth.projectId)
    throw policyError(`${action}_${def.singular}`);
  return body;
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

interface Tagged {
  id: string;
  project_id: string;
  tags: string[];
  revision_number: number;
  updated_at: string;
}

/**
 * The tag sub-resource (standard-attr-tag).
 * https://docs.openstack.org/api-ref/network/v2/#standard-attributes-tag-extension
 */
export function registerTags<T extends Tagged>(
  app: Hono<AuthEnv>,
  site: SiteContext,
  def: ResourceDef<T>,
): void {
  const base = `/${def.path}/:id/tags`;
  const owned = (auth: AuthContext, id: string): T => {
    const body = findVisible(site, auth, def, id);
    if (!auth.isAdmin && body.project_id !== auth.projectId)
      throw policyError(`update_${def.singular}:tags`);
    return body;
  };
  const tagNotFound = (tag: string, id: string) =>
    new NeutronError(
      404,
      'TagNotFound',
      `Tag ${tag} could not be found for ${def.singular} ${id}.`,
    );

  app.get(base, (c) => {
    const body = findVisible(site, c.get('auth'), def, c.req.param('id') ?? '');
    return c.json({ tags: body.tags });
  });
  app.put(base, async (c) => {
    const body = owned(c.get('auth'), c.req.param('id') ?? '');
    const { tags } = validate(await readJson(c), z.strictObject({ tags: zTags }));
    const next = save(site, def.kind, { ...body, tags: [...new Set(tags)] });
    return c.json({ tags: next.tags });
  });
  app.delete(base, (c) => {
    const body = owned(c.get('auth'), c.req.param('id') ?? '');
    save(site, def.kind, { ...body, tags: [] });
    return c.body(null, 204);
  });
  app.get(`${base}/:tag`, (c) => {
    const body = findVisible(site, c.get('auth'), def, c.req.param('id') ?? '');
    const tag = c.req.param('tag') ?? '';
    if (!body.tags.includes(tag)) throw tagNotFound(tag, body.id);
    return c.body(null, 204);
  });
  app.put(`${base}/:tag`, (c) => {
    const body = owned(c.get('auth'), c.req.param('id') ?? '');
    const tag = validate(c.req.param('tag') ?? '', zTags.element);
    if (!body.tags.includes(tag)) save(site, def.kind, { ...body, tags: [...body.tags, tag] });
    return c.body(null, 201);
  });
  app.delete(`${base}/:tag`, (c) => {
    const body = owned(c.get('auth'), c.req.param('id') ?? '');
    const tag = c.req.param('tag') ?? '';
    if (!body.tags.includes(tag)) throw tagNotFound(tag, body.id);
    save(site, def.kind, { ...body, tags: body.tags.filter((t) => t !== tag) });
    return c.body(null, 204);
  });
}
