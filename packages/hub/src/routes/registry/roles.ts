import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import { requireSite } from '../../services/lookup.js';
import { grantRole, listGrants, normaliseGrant, revokeGrantById } from '../../services/roles.js';
import { voExists } from '../../services/vos.js';
import { type HubEnv, writer } from './principal.js';
import { bearer, errors, json, jsonBody, RoleGrantEntrySchema } from './responses.js';
import { RoleGrantInputSchema, RoleParams } from './schemas.js';

const tags = ['roles'];

export function registerRoleRoutes(app: OpenAPIHono<HubEnv>, ctx: HubContext): void {
  const db = ctx.database.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/roles',
      tags,
      summary: 'Every role grant (federation-admin)',
      security: bearer,
      middleware: writer(ctx, 'role.manage'),
      responses: { 200: json(z.array(RoleGrantEntrySchema), 'the grants'), ...errors(401, 403) },
    }),
    async (c) => {
      assertAllowed(c.get('principal'), 'role.manage');
      return c.json(await listGrants(db), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/roles',
      tags,
      summary: 'Grant a role to a subject or client id (federation-admin)',
      security: bearer,
      middleware: writer(ctx, 'role.manage'),
      request: { body: jsonBody(RoleGrantInputSchema) },
      responses: {
        201: json(RoleGrantEntrySchema, 'the new grant'),
        ...errors(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const who = c.get('principal');
      assertAllowed(who, 'role.manage');
      const grant = normaliseGrant(c.req.valid('json'));
      // A typo in the target would grant nothing; the CLI may grant ahead of registration.
      if (grant.role === 'site-admin' || grant.role === 'site-agent') {
        await requireSite(db, grant.target);
      } else if (grant.role === 'vo-manager' && !(await voExists(db, grant.target))) {
        throw new HubError('NOT_FOUND', `no VO named ${grant.target}`, { vo: grant.target });
      }
      const subject = who.kind === 'anonymous' ? '' : who.subject;
      const entry = await grantRole(db, grant, subject, ctx.now());
      c.header('Location', `/api/v1/roles/${entry.id}`);
      return c.json(entry, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/roles/{id}',
      tags,
      summary: 'Revoke a role grant (federation-admin)',
      security: bearer,
      middleware: writer(ctx, 'role.manage'),
      request: { params: RoleParams },
      responses: { 204: { description: 'revoked' }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      assertAllowed(c.get('principal'), 'role.manage');
      await revokeGrantById(db, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
