import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import { deleteExtension, putExtension } from '../../services/extensions.js';
import { requireSite } from '../../services/lookup.js';
import { deleteSiteVo, putSiteVo } from '../../services/site-vos.js';
import { type HubEnv, writer } from './principal.js';
import { bearer, errors, ExtensionSchema, json, jsonBody, SiteVoEntrySchema } from './responses.js';
import {
  ExtensionInputSchema,
  ExtensionParams,
  SiteVoInputSchema,
  SiteVoParams,
} from './schemas.js';

/** The VOs a site supports (with their project) and its extension properties. */
export function registerSitePropertyRoutes(app: OpenAPIHono<HubEnv>, ctx: HubContext): void {
  const db = ctx.database.db;

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/sites/{site}/vos/{vo}',
      tags: ['site VOs'],
      summary: 'Set the project a VO uses at the site (site-admin of the site)',
      security: bearer,
      middleware: writer(ctx, 'site-vo.write'),
      request: { params: SiteVoParams, body: jsonBody(SiteVoInputSchema) },
      responses: {
        200: json(SiteVoEntrySchema, 'updated'),
        201: json(SiteVoEntrySchema, 'the site now supports the VO'),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { site, vo } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'site-vo.write', { site });
      const row = await requireSite(db, site);
      const { entry, created } = await putSiteVo(db, row, vo, c.req.valid('json'), ctx.now());
      return created ? c.json(entry, 201) : c.json(entry, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/sites/{site}/vos/{vo}',
      tags: ['site VOs'],
      summary: 'Stop supporting a VO at the site (site-admin of the site)',
      security: bearer,
      middleware: writer(ctx, 'site-vo.write'),
      request: { params: SiteVoParams },
      responses: { 204: { description: 'removed' }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { site, vo } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'site-vo.write', { site });
      await deleteSiteVo(db, await requireSite(db, site), vo);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/sites/{site}/extensions/{key}',
      tags: ['site extensions'],
      summary: 'Set an extension property of the site (site-admin of the site)',
      security: bearer,
      middleware: writer(ctx, 'extension.write'),
      request: { params: ExtensionParams, body: jsonBody(ExtensionInputSchema) },
      responses: {
        200: json(ExtensionSchema, 'updated'),
        201: json(ExtensionSchema, 'created'),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { site, key } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'extension.write', { site });
      const { value } = c.req.valid('json');
      const created = await putExtension(db, await requireSite(db, site), key, value);
      const body = { site, key, value };
      return created ? c.json(body, 201) : c.json(body, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/sites/{site}/extensions/{key}',
      tags: ['site extensions'],
      summary: 'Remove an extension property (site-admin of the site)',
      security: bearer,
      middleware: writer(ctx, 'extension.write'),
      request: { params: ExtensionParams },
      responses: { 204: { description: 'removed' }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { site, key } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'extension.write', { site });
      await deleteExtension(db, await requireSite(db, site), key);
      return c.body(null, 204);
    },
  );
}
