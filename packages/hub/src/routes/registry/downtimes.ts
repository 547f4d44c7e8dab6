import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import {
  createDowntime,
  deleteDowntime,
  loadDowntimes,
  updateDowntime,
} from '../../services/downtimes.js';
import { requireDowntime, requireSite } from '../../services/lookup.js';
import { type HubEnv, writer } from './principal.js';
import { bearer, DowntimeSchema, errors, json, jsonBody } from './responses.js';
import {
  DowntimeInputSchema,
  DowntimeParams,
  DowntimePatchSchema,
  DowntimeQuery,
  SiteParams,
} from './schemas.js';

const tags = ['downtimes'];

export function registerDowntimeRoutes(app: OpenAPIHono<HubEnv>, ctx: HubContext): void {
  const db = ctx.database.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/downtimes',
      tags,
      summary: 'Downtimes, newest start first; of one site and/or only ongoing ones',
      request: { query: DowntimeQuery },
      responses: { 200: json(z.array(DowntimeSchema), 'the downtimes'), ...errors(400, 404) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const site = query.site ? await requireSite(db, query.site) : undefined;
      const downtimes = await loadDowntimes(
        db,
        { ...(site ? { siteId: site.id } : {}), ongoing: query.ongoing === 'true' },
        ctx.now(),
      );
      return c.json(downtimes, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/downtimes/{id}',
      tags,
      summary: 'One downtime',
      request: { params: DowntimeParams },
      responses: { 200: json(DowntimeSchema, 'the downtime'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = await requireDowntime(db, c.req.valid('param').id);
      const [downtime] = await loadDowntimes(db, { ids: [id] }, ctx.now());
      return c.json(downtime!, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sites/{site}/downtimes',
      tags,
      summary: 'Declare a downtime of the site or some of its endpoints (site-admin of the site)',
      security: bearer,
      middleware: writer(ctx, 'downtime.write'),
      request: { params: SiteParams, body: jsonBody(DowntimeInputSchema) },
      responses: { 201: json(DowntimeSchema, 'the new downtime'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { site } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'downtime.write', { site });
      const row = await requireSite(db, site);
      const downtime = await createDowntime(db, row, c.req.valid('json'), ctx.now());
      c.header('Location', `/api/v1/downtimes/${downtime.id}`);
      return c.json(downtime, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/downtimes/{id}',
      tags,
      summary: 'Change a downtime, e.g. end it early (site-admin of its site)',
      security: bearer,
      middleware: writer(ctx, 'downtime.write'),
      request: { params: DowntimeParams, body: jsonBody(DowntimePatchSchema) },
      responses: {
        200: json(DowntimeSchema, 'the changed downtime'),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const current = await requireDowntime(db, c.req.valid('param').id);
      assertAllowed(c.get('principal'), 'downtime.write', { site: current.site_name });
      const site = await requireSite(db, current.site_name);
      return c.json(await updateDowntime(db, site, current, c.req.valid('json'), ctx.now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/downtimes/{id}',
      tags,
      summary: 'Delete a downtime (site-admin of its site)',
      security: bearer,
      middleware: writer(ctx, 'downtime.write'),
      request: { params: DowntimeParams },
      responses: { 204: { description: 'deleted' }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const current = await requireDowntime(db, c.req.valid('param').id);
      assertAllowed(c.get('principal'), 'downtime.write', { site: current.site_name });
      await deleteDowntime(db, current.id);
      return c.body(null, 204);
    },
  );
}
