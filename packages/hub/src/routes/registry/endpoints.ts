import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import { createEndpoint, deleteEndpoint, updateEndpoint } from '../../services/endpoints.js';
import { requireEndpoint, requireSite } from '../../services/lookup.js';
import { type HubEnv, writer } from './principal.js';
import { bearer, EndpointSchema, errors, json, jsonBody } from './responses.js';
import { EndpointInputSchema, EndpointParams, EndpointPatchSchema, SiteParams } from './schemas.js';

const tags = ['endpoints'];

export function registerEndpointRoutes(app: OpenAPIHono<HubEnv>, ctx: HubContext): void {
  const db = ctx.database.db;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sites/{site}/endpoints',
      tags,
      summary: 'Add a service endpoint to a site (site-admin of the site)',
      security: bearer,
      middleware: writer(ctx, 'endpoint.write'),
      request: { params: SiteParams, body: jsonBody(EndpointInputSchema) },
      responses: { 201: json(EndpointSchema, 'the new endpoint'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { site } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'endpoint.write', { site });
      const row = await requireSite(db, site);
      const endpoint = await createEndpoint(db, row, c.req.valid('json'), ctx.now());
      c.header('Location', `/api/v1/endpoints/${endpoint.id}`);
      return c.json(endpoint, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/endpoints/{id}',
      tags,
      summary: 'Change an endpoint (site-admin of its site)',
      security: bearer,
      middleware: writer(ctx, 'endpoint.write'),
      request: { params: EndpointParams, body: jsonBody(EndpointPatchSchema) },
      responses: {
        200: json(EndpointSchema, 'the changed endpoint'),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const current = await requireEndpoint(db, c.req.valid('param').id);
      assertAllowed(c.get('principal'), 'endpoint.write', { site: current.site_name });
      return c.json(await updateEndpoint(db, current, c.req.valid('json'), ctx.now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/endpoints/{id}',
      tags,
      summary: 'Remove an endpoint (site-admin of its site)',
      security: bearer,
      middleware: writer(ctx, 'endpoint.write'),
      request: { params: EndpointParams },
      responses: { 204: { description: 'removed' }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const current = await requireEndpoint(db, c.req.valid('param').id);
      assertAllowed(c.get('principal'), 'endpoint.write', { site: current.site_name });
      await deleteEndpoint(db, current.id);
      return c.body(null, 204);
    },
  );
}
