import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { readBody } from './body.js';
import { NeutronError, overQuota, policyError } from './errors.js';
import { KINDS } from './model.js';

/**
 * Neutron quotas (quotas extension): per-project limits with admin overrides, checked on create.
 * https://docs.openstack.org/api-ref/network/v2/#quotas-extension-quotas
 */
export const QUOTA_RESOURCES = [
  'floatingip',
  'network',
  'port',
  'rbac_policy',
  'router',
  'security_group',
  'security_group_rule',
  'subnet',
  'subnetpool',
] as const;

export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
type QuotaSet = Record<QuotaResource, number>;

/** Resources counted against the quota, by store kind. */
const COUNTED: Partial<Record<QuotaResource, string>> = {
  floatingip: KINDS.floatingIp,
  network: KINDS.network,
  port: KINDS.port,
  router: KINDS.router,
  security_group: KINDS.securityGroup,
  security_group_rule: KINDS.securityGroupRule,
  subnet: KINDS.subnet,
};

/** neutron.conf [quotas] defaults, with the site's own floating IP and security group limits. */
export function defaultQuotas(site: SiteContext): QuotaSet {
  return {
    floatingip: site.spec.quotas.floating_ips,
    network: 100,
    port: 500,
    rbac_policy: 10,
    router: 10,
    security_group: site.spec.quotas.security_groups,
    security_group_rule: 100,
    subnet: 100,
    subnetpool: -1,
  };
}

export function projectQuotas(site: SiteContext, projectId: string): QuotaSet {
  const overrides = site.store.get<Partial<QuotaSet>>(KINDS.quota, projectId) ?? {};
  return { ...defaultQuotas(site), ...overrides };
}

export function quotaUsage(site: SiteContext, projectId: string, resource: QuotaResource): number {
  const kind = COUNTED[resource];
  return kind ? site.store.count(kind, projectId) : 0;
}

/** Throws neutron's 409 OverQuota when `adding` more would exceed the project's limit. */
export function checkQuota(
  site: SiteContext,
  projectId: string,
  resource: QuotaResource,
  adding = 1,
): void {
  const limit = projectQuotas(site, projectId)[resource];
  if (limit < 0) return;
  if (quotaUsage(site, projectId, resource) + adding > limit) throw overQuota(resource);
}

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
      ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)),
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
