import type { SiteContext } from '../site/context.js';
import { countKeypairs } from './keypair-store.js';
import { QUOTA_NAMES, defaultQuotas, type NovaQuotas, type QuotaName } from './quota-model.js';
import { serverUsage } from './server-store.js';

const QUOTA_KIND = 'compute.quota';

/** A project's overrides only; the effective quota is the site default overlaid with them. */
type QuotaOverrides = Partial<NovaQuotas>;

/** Gives each known project an (empty) quota record; idempotent. */
export function seedQuotas(site: SiteContext): void {
  const projects = [site.spec.adminProjectId, ...site.spec.vos.map((v) => v.projectId)];
  for (const projectId of projects) {
    if (!site.store.has(QUOTA_KIND, projectId)) {
      site.store.insert<QuotaOverrides>(QUOTA_KIND, projectId, projectId, {}, site.now());
    }
  }
}

export function projectQuotas(site: SiteContext, projectId: string): NovaQuotas {
  return { ...defaultQuotas(site), ...site.store.get<QuotaOverrides>(QUOTA_KIND, projectId) };
}

export function setProjectQuotas(
  site: SiteContext,
  projectId: string,
  changes: QuotaOverrides,
): void {
  const current = site.store.get<QuotaOverrides>(QUOTA_KIND, projectId) ?? {};
  site.store.upsert(QUOTA_KIND, projectId, projectId, { ...current, ...changes }, site.now());
}

export function resetProjectQuotas(site: SiteContext, projectId: string): void {
  site.store.upsert<QuotaOverrides>(QUOTA_KIND, projectId, projectId, {}, site.now());
}

/** Usage Nova counts itself; network resources live in Neutron and show 0 here. */
export function quotaUsage(
  site: SiteContext,
  projectId: string,
  userId: string,
): Record<QuotaName, number> {
  const servers = serverUsage(site, projectId);
  const usage = Object.fromEntries(QUOTA_NAMES.map((n) => [n, 0])) as Record<QuotaName, number>;
  usage.instances = servers.instances;
  usage.cores = servers.cores;
  usage.ram = servers.ram;
  usage.key_pairs = countKeypairs(site, userId);
  return usage;
}
