import type { SiteContext } from '../site/context.js';

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
export type QuotaSet = Record<QuotaResource, number>;

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
