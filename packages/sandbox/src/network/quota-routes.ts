import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { NeutronError, policyError } from './errors.js';
import {
  QUOTA_RESOURCES,
  defaultQuotas,
  type QuotaResource,
  type QuotaSet,
} from './quota-model.js';
import { projectQuotas, quotaUsage } from './quota-store.js';
import { definedFields, readBody } from './request.js';
import { KINDS } from './resource-store.js';

const zQuotaUpdate = z.strictObject(
  Object.fromEntries(
    QUOTA_RESOURCES.map((name) => [name, z.coerce.number().int().min(-1).optional()]),
  ) as Record<QuotaResource, z.ZodOptional<z.ZodCoercedNumber>>,
);

export function quotaRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  const target = (c: Context<AuthEnv>): string => {
    const auth = c.get('auth');
    // Quota URLs may carry neutron's legacy `.json` suffix (openstacksdk uses details.json).
    const projectId = (c.req.param('project') ?? '').replace(/\.json$/, '');
    if (!auth.isAdmin && projectId !== auth.projectId) {
      throw new NeutronError(403, 'NotAuthorized', 'Not authorized.');
    }
    return projectId;
  };
  const requireAdmin = (auth: AuthContext, rule: string): void => {
    if (!auth.isAdmin) throw policyError(rule);
  };

  app.get('/quotas', (c) => {
    requireAdmin(c.get('auth'), 'get_quota');
    const quotas = site.store.listRows<Partial<QuotaSet>>(KINDS.quota).map((row) => ({
      ...projectQuotas(site, row.id),
      project_id: row.id,
      tenant_id: row.id,
    }));
    return c.json({ quotas });
  });
  app.get('/quotas/tenant', (c) => c.json({ tenant: { tenant_id: c.get('auth').projectId } }));
  app.get('/quotas/project', (c) => c.json({ project: { project_id: c.get('auth').projectId } }));
  app.get('/quotas/:project/default', (c) => {
    target(c);
    return c.json({ quota: defaultQuotas(site) });
  });
  const details = (c: Context<AuthEnv>) => {
    const projectId = target(c);
    const limits = projectQuotas(site, projectId);
    const quota = Object.fromEntries(
      QUOTA_RESOURCES.map((name) => [
        name,
        { limit: limits[name], used: quotaUsage(site, projectId, name), reserved: 0 },
      ]),
    );
    return c.json({ quota });
  };
  app.get('/quotas/:project/details', details);
  app.get('/quotas/:project/details.json', details);
  app.get('/quotas/:project', (c) => c.json({ quota: projectQuotas(site, target(c)) }));
  app.put('/quotas/:project', async (c) => {
    requireAdmin(c.get('auth'), 'update_quota');
    const projectId = target(c);
    const update = await readBody(c, 'quota', zQuotaUpdate);
    const current = site.store.get<Partial<QuotaSet>>(KINDS.quota, projectId) ?? {};
    const next = {
      ...current,
      ...definedFields(update),
    };
    site.store.upsert(KINDS.quota, projectId, projectId, next, site.now());
    return c.json({ quota: projectQuotas(site, projectId) });
  });
  app.delete('/quotas/:project', (c) => {
    requireAdmin(c.get('auth'), 'delete_quota');
    site.store.delete(KINDS.quota, target(c));
    return c.body(null, 204);
  });
}
