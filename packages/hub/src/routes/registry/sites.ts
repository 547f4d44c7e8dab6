import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import {
  createSite,
  deleteSite,
  getSiteDetail,
  listSites,
  updateSite,
} from '../../services/sites.js';
import { type HubEnv, writer } from './principal.js';
import {
  bearer,
  errors,
  json,
  jsonBody,
  SiteDetailSchema,
  SiteSummarySchema,
} from './responses.js';
import { SiteInputSchema, SiteParams, SitePatchSchema } from './schemas.js';
import { z } from '@hono/zod-openapi';

const tags = ['sites'];

export function registerSiteRoutes(app: OpenAPIHono<HubEnv>, ctx: HubContext): void {
  const db = ctx.database.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sites',
      tags,
      summary: 'Every registered site with its status',
      responses: { 200: json(z.array(SiteSummarySchema), 'the sites, by name') },
    }),
    async (c) => c.json(await listSites(db, ctx.now()), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sites/{site}',
      tags,
      summary: 'One site with its endpoints, VOs, extensions and current or coming downtimes',
      request: { params: SiteParams },
      responses: { 200: json(SiteDetailSchema, 'the site'), ...errors(400, 404) },
    }),
    async (c) => c.json(await getSiteDetail(db, c.req.valid('param').site, ctx.now()), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sites',
      tags,
      summary: 'Register a site (federation-admin)',
      security: bearer,
      middleware: writer(ctx, 'site.create'),
      request: { body: jsonBody(SiteInputSchema) },
      responses: { 201: json(SiteDetailSchema, 'the new site'), ...errors(400, 401, 403, 409) },
    }),
    async (c) => {
      const input = c.req.valid('json');
      assertAllowed(c.get('principal'), 'site.create', { site: input.name });
      const site = await createSite(db, input, ctx.now());
      c.header('Location', `/api/v1/sites/${encodeURIComponent(site.name)}`);
      return c.json(site, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/sites/{site}',
      tags,
      summary: 'Change a site (site-admin of the site)',
      security: bearer,
      middleware: writer(ctx, 'site.update'),
      request: { params: SiteParams, body: jsonBody(SitePatchSchema) },
      responses: { 200: json(SiteDetailSchema, 'the changed site'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { site } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'site.update', { site });
      const patch = c.req.valid('json');
      if (patch.certificationStatus !== undefined) {
        const current = await db
          .selectFrom('sites')
          .select('certification_status')
          .where('name', '=', site)
          .executeTakeFirst();
        // Sending the value back unchanged (a client PATCHing the whole record) is no change.
        if (current && current.certification_status !== patch.certificationStatus) {
          assertAllowed(c.get('principal'), 'site.certify', { site });
        }
      }
      return c.json(await updateSite(db, site, patch, ctx.now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/sites/{site}',
      tags,
      summary: 'Delete a site and everything it holds (federation-admin)',
      security: bearer,
      middleware: writer(ctx, 'site.delete'),
      request: { params: SiteParams },
      responses: { 204: { description: 'deleted' }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { site } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'site.delete', { site });
      await deleteSite(db, site);
      return c.body(null, 204);
    },
  );
}
