import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import { imagesForSiteVo } from '../../info/index.js';
import { createVo, getVoDetail, listVos, updateVo } from '../../services/vos.js';
import { type HubEnv, writer } from './principal.js';
import { bearer, errors, json, jsonBody, VoDetailSchema, VoSummarySchema } from './responses.js';
import { VoInputSchema, VoParams, VoPatchSchema } from './schemas.js';

const tags = ['VOs'];

export function registerVoRoutes(app: OpenAPIHono<HubEnv>, ctx: HubContext): void {
  const db = ctx.database.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/vos',
      tags,
      summary: 'Registered VOs and those some site supports, with their number of sites',
      responses: { 200: json(z.array(VoSummarySchema), 'the VOs, by name') },
    }),
    async (c) => c.json(await listVos(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/vos/{vo}',
      tags,
      summary: 'One VO with the sites supporting it, their project and images',
      request: { params: VoParams },
      responses: { 200: json(VoDetailSchema, 'the VO'), ...errors(400, 404) },
    }),
    async (c) =>
      c.json(
        await getVoDetail(db, c.req.valid('param').vo, ctx.now(), (site, vo) =>
          imagesForSiteVo(db, ctx.info, site, vo),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/vos',
      tags,
      summary: 'Register a VO (federation-admin)',
      security: bearer,
      middleware: writer(ctx, 'vo.create'),
      request: { body: jsonBody(VoInputSchema) },
      responses: { 201: json(VoSummarySchema, 'the new VO'), ...errors(400, 401, 403, 409) },
    }),
    async (c) => {
      const input = c.req.valid('json');
      assertAllowed(c.get('principal'), 'vo.create', { vo: input.name });
      const vo = await createVo(db, input, ctx.now());
      c.header('Location', `/api/v1/vos/${encodeURIComponent(vo.name)}`);
      return c.json(vo, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/vos/{vo}',
      tags,
      summary: "Change a VO's description or homepage (vo-manager of the VO)",
      security: bearer,
      middleware: writer(ctx, 'vo.update'),
      request: { params: VoParams, body: jsonBody(VoPatchSchema) },
      responses: { 200: json(VoSummarySchema, 'the changed VO'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { vo } = c.req.valid('param');
      assertAllowed(c.get('principal'), 'vo.update', { vo });
      return c.json(await updateVo(db, vo, c.req.valid('json'), ctx.now()), 200);
    },
  );
}
