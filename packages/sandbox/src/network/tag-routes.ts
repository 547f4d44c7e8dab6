import type { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { NeutronError, policyError } from './errors.js';
import { readJson, validate, zTags } from './request.js';
import type { ResourceDef } from './resource-routes.js';
import { findVisible, save } from './resource-store.js';
import type { StandardAttrs } from './standard-attr-model.js';

type Tagged = Pick<StandardAttrs, 'id' | 'project_id' | 'tags' | 'revision_number' | 'updated_at'>;

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
