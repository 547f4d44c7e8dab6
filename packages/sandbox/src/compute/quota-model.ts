import type { SiteContext } from '../site/context.js';

/** Nova's quota resources (nova/quota.py) with the defaults of nova.conf [quota]. */
export interface NovaQuotas {
  instances: number;
  cores: number;
  ram: number;
  key_pairs: number;
  metadata_items: number;
  injected_files: number;
  injected_file_content_bytes: number;
  injected_file_path_bytes: number;
  server_groups: number;
  server_group_members: number;
  floating_ips: number;
  fixed_ips: number;
  security_groups: number;
  security_group_rules: number;
}

export type QuotaName = keyof NovaQuotas;

export function defaultQuotas(site: SiteContext): NovaQuotas {
  const q = site.spec.quotas;
  return {
    instances: q.instances,
    cores: q.cores,
    ram: q.ram,
    key_pairs: q.key_pairs,
    metadata_items: 128,
    injected_files: 5,
    injected_file_content_bytes: 10240,
    injected_file_path_bytes: 255,
    server_groups: 10,
    server_group_members: 10,
    floating_ips: q.floating_ips,
    fixed_ips: -1,
    security_groups: q.security_groups,
    security_group_rules: 20,
  };
}

export const QUOTA_NAMES = Object.keys({
  instances: 0,
  cores: 0,
  ram: 0,
  key_pairs: 0,
  metadata_items: 0,
  injected_files: 0,
  injected_file_content_bytes: 0,
  injected_file_path_bytes: 0,
  server_groups: 0,
  server_group_members: 0,
  floating_ips: 0,
  fixed_ips: 0,
  security_groups: 0,
  security_group_rules: 0,
} satisfies NovaQuotas) as QuotaName[];

/**
 * Which resources a quota-set shows at a microversion: 2.36 dropped the network proxies,
 * 2.57 the personality-file quotas (api-ref "Quota Sets").
 */
export function visibleQuotaNames(mv: number): QuotaName[] {
  return QUOTA_NAMES.filter((name) => {
    if (
      mv >= 36 &&
      ['floating_ips', 'fixed_ips', 'security_groups', 'security_group_rules'].includes(name)
    ) {
      return false;
    }
    if (mv >= 57 && name.startsWith('injected_file')) return false;
    return true;
  });
}
