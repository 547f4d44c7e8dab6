import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { WhoAmI } from '../../api-types.js';
import type { HubContext } from '../../context.js';
import { federationOverview } from '../../services/overview.js';
import { type HubEnv, principal } from './principal.js';
import { errors, json, OverviewSchema, WhoAmISchema } from './responses.js';

export function registerMetaRoutes(app: OpenAPIHono<HubEnv>, ctx: HubContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/overview',
      tags: ['federation'],
      summary: 'Counts for the front page: sites by status, VOs, endpoints, images',
      responses: { 200: json(OverviewSchema, 'the overview') },
    }),
    async (c) =>
      c.json(await federationOverview(ctx.database.db, ctx.info.imageCounts, ctx.now()), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/whoami',
      tags: ['federation'],
      summary: 'The caller as the hub sees it: subject and role grants (anonymous without a token)',
      middleware: [principal(ctx)],
      responses: { 200: json(WhoAmISchema, 'the caller'), ...errors(401) },
    }),
    async (c) => {
      const who = c.get('principal');
      const body: WhoAmI =
        who.kind === 'anonymous'
          ? { kind: 'anonymous', grants: [] }
          : {
              kind: who.kind,
              subject: who.subject,
              grants: who.grants.map((g) => ({ role: g.role, target: g.target })),
            };
      return c.json(body, 200);
    },
  );
}
