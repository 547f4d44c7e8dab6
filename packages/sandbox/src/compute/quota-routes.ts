import type { Hono } from 'hono';
import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import type { ComputeContext, ComputeEnv } from './env.js';
import { badRequest, policyDenied, requireAdmin } from './errors.js';
import {
  QUOTA_NAMES,
  defaultQuotas,
  visibleQuotaNames,
  type NovaQuotas,
  type QuotaName,
} from './quota-model.js';
import { projectQuotas, quotaUsage, resetProjectQuotas, setProjectQuotas } from './quota-store.js';
import { quotaSetView } from './quota-view.js';
import { parseBody } from './request.js';

/** os-quota-sets: https://docs.openstack.org/api-ref/compute/#quota-sets-os-quota-sets */
export function quotaRoutes(app: Hono<ComputeEnv>, site: SiteContext): void {
  app.get('/os-quota-sets/:project_id/defaults', (c) => {
    const projectId = c.req.param('project_id');
    return c.json({ quota_set: { id: projectId, ...quotaSetView(defaultQuotas(site), c.var.mv) } });
  });
  app.get('/os-quota-sets/:project_id/detail', (c) => {
    const projectId = c.req.param('project_id');
    requireOwnOrAdmin(c, projectId, 'os_compute_api:os-quota-sets:detail');
    const limits = projectQuotas(site, projectId);
    const usage = quotaUsage(site, projectId, c.req.query('user_id') ?? c.var.auth.userId);
    const detail: Record<string, unknown> = { id: projectId };
    for (const name of visibleQuotaNames(c.var.mv)) {
      detail[name] = { in_use: usage[name], limit: limits[name], reserved: 0 };
    }
    return c.json({ quota_set: detail });
  });
  app.get('/os-quota-sets/:project_id', (c) => {
    const projectId = c.req.param('project_id');
    requireOwnOrAdmin(c, projectId, 'os_compute_api:os-quota-sets:show');
    return c.json({
      quota_set: { id: projectId, ...quotaSetView(projectQuotas(site, projectId), c.var.mv) },
    });
  });
  app.put('/os-quota-sets/:project_id', async (c) => {
    requireAdmin(c, 'os_compute_api:os-quota-sets:update');
    const projectId = c.req.param('project_id');
    const body = await parseBody(c, updateSchema);
    const { force, ...values } = body.quota_set;
    const allowed = new Set<string>(visibleQuotaNames(c.var.mv));
    const changes: Partial<NovaQuotas> = {};
    for (const [name, value] of Object.entries(values)) {
      if (!allowed.has(name)) {
        throw badRequest(
          `Invalid input for field/attribute quota_set. Value: ${name}. Additional properties are not allowed ('${name}' was unexpected)`,
        );
      }
      changes[name as QuotaName] = value;
    }
    if (!force) {
      // Nova refuses a limit below what is already used, unless forced.
      const usage = quotaUsage(site, projectId, c.var.auth.userId);
      for (const [name, limit] of Object.entries(changes) as [QuotaName, number][]) {
        if (limit !== -1 && limit < usage[name]) {
          throw badRequest(
            `Quota limit ${limit} for ${name} must be greater than or equal to already used and reserved ${usage[name]}.`,
          );
        }
      }
    }
    setProjectQuotas(site, projectId, changes);
    return c.json({ quota_set: quotaSetView(projectQuotas(site, projectId), c.var.mv) });
  });
  app.delete('/os-quota-sets/:project_id', (c) => {
    requireAdmin(c, 'os_compute_api:os-quota-sets:delete');
    resetProjectQuotas(site, c.req.param('project_id'));
    return c.body(null, 202);
  });
}

function requireOwnOrAdmin(c: ComputeContext, projectId: string, rule: string): void {
  if (!c.var.auth.isAdmin && c.var.auth.projectId !== projectId) throw policyDenied(rule);
}

const quotaValue = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(-1).max(0x7fffffff));

const updateSchema = z.object({
  quota_set: z.record(z.string(), z.unknown()).transform((raw, ctx) => {
    const out: Record<string, number> & { force?: boolean } = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'force') {
        out.force = value === true || value === 'true' || value === 'True';
        continue;
      }
      if (!(QUOTA_NAMES as string[]).includes(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `Additional properties are not allowed ('${key}' was unexpected)`,
        });
        return z.NEVER;
      }
      const parsed = quotaValue.safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${JSON.stringify(value)} is not a valid quota value`,
        });
        return z.NEVER;
      }
      out[key] = parsed.data;
    }
    return out;
  }),
});
