import type { SiteContext } from '../site/context.js';
import type { CinderApp, CinderContext } from './env.js';
import { CinderError } from './errors.js';
import { absoluteLimits, quotaSet } from './quota-view.js';

/** Quotas and limits: read-only views of the site's spec and the project's usage. */
export function registerQuotaRoutes(app: CinderApp, site: SiteContext): void {
  // https://docs.openstack.org/api-ref/block-storage/v3/#quota-sets-os-quota-sets
  const quotas = (defaults: boolean) => (c: CinderContext) => {
    const auth = c.get('auth');
    const target = c.req.param('target') ?? '';
    if (target !== auth.projectId && !auth.isAdmin) {
      throw new CinderError(
        403,
        "Policy doesn't allow volume_extension:quotas:show to be performed.",
      );
    }
    const withUsage = !defaults && ['true', 'True', '1'].includes(c.req.query('usage') ?? '');
    return c.json({ quota_set: quotaSet(site, target, withUsage) });
  };
  app.get('/:project_id/os-quota-sets/:target', quotas(false));
  app.get('/:project_id/os-quota-sets/:target/defaults', quotas(true));

  // https://docs.openstack.org/api-ref/block-storage/v3/#limits-limits
  app.get('/:project_id/limits', (c) => c.json(absoluteLimits(site, c.get('auth').projectId)));
}
