import type { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import type { ComputeEnv } from './env.js';
import { projectQuotas, quotaUsage } from './quota-store.js';

/**
 * GET /limits: the project's quotas and usage as `absolute` limits; `rate` limits are gone from
 * Nova and always empty. 2.36 dropped the network-proxy fields, 2.57 the personality ones.
 * https://docs.openstack.org/api-ref/compute/#limits-limits
 */
export function limitRoutes(app: Hono<ComputeEnv>, site: SiteContext): void {
  app.get('/limits', (c) => {
    const auth = c.var.auth;
    // Admins may look at another project with ?tenant_id= (os_compute_api:limits:other_project).
    const projectId = (auth.isAdmin && c.req.query('tenant_id')) || auth.projectId;
    const q = projectQuotas(site, projectId);
    const used = quotaUsage(site, projectId, auth.userId);
    const mv = c.var.mv;
    const absolute: Record<string, number> = {
      maxImageMeta: q.metadata_items,
      maxServerMeta: q.metadata_items,
      maxTotalCores: q.cores,
      maxTotalInstances: q.instances,
      maxTotalKeypairs: q.key_pairs,
      maxTotalRAMSize: q.ram,
      maxServerGroups: q.server_groups,
      maxServerGroupMembers: q.server_group_members,
      totalCoresUsed: used.cores,
      totalInstancesUsed: used.instances,
      totalRAMUsed: used.ram,
      totalServerGroupsUsed: 0,
    };
    if (mv < 57) {
      absolute.maxPersonality = q.injected_files;
      absolute.maxPersonalitySize = q.injected_file_content_bytes;
    }
    if (mv < 36) {
      absolute.maxSecurityGroups = q.security_groups;
      absolute.maxSecurityGroupRules = q.security_group_rules;
      absolute.maxTotalFloatingIps = q.floating_ips;
      absolute.totalFloatingIpsUsed = 0;
      absolute.totalSecurityGroupsUsed = 0;
    }
    return c.json({ limits: { rate: [], absolute } });
  });
}
