import type { SiteContext } from '../site/context.js';
import { overQuota } from './errors.js';
import { defaultQuotas, type QuotaResource, type QuotaSet } from './quota-model.js';
import { KINDS } from './resource-store.js';

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
