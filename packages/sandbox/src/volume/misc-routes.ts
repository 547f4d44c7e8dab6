import type { SiteContext } from '../site/context.js';
import { CinderError } from './errors.js';
import type { CinderApp, CinderContext } from './http.js';
import { DEFAULT_TYPE_NAME, defaultTypeId } from './model.js';
import { absoluteLimits, quotaSet } from './quotas.js';

function defaultType(site: SiteContext, isAdmin: boolean): Record<string, unknown> {
  const type: Record<string, unknown> = {
    id: defaultTypeId(site),
    name: DEFAULT_TYPE_NAME,
    description: 'Default Volume Type',
    is_public: true,
    'os-volume-type-access:is_public': true,
    qos_specs_id: null,
  };
  // Extra specs are an admin's business (policy volume_extension:access_types_extra_specs).
  if (isAdmin) type.extra_specs = {};
  return type;
}

/** Volume types, quotas and limits: read-only views of the site's spec. */
export function registerMiscRoutes(app: CinderApp, site: SiteContext): void {
  // https://docs.openstack.org/api-ref/block-storage/v3/#volume-types-types
  app.get('/:project_id/types', (c) =>
    c.json({ volume_types: [defaultType(site, c.get('auth').isAdmin)] }),
  );
  app.get('/:project_id/types/default', (c) =>
    c.json({ volume_type: defaultType(site, c.get('auth').isAdmin) }),
  );
  app.get('/:project_id/types/:id', (c) => {
    const id = c.req.param('id');
    if (id !== defaultTypeId(site) && id !== DEFAULT_TYPE_NAME) {
      throw new CinderError(404, `Volume type ${id} could not be found.`);
    }
    return c.json({ volume_type: defaultType(site, c.get('auth').isAdmin) });
  });

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

  // https://docs.openstack.org/api-ref/block-storage/v3/#availability-zones-os-availability-zone
  app.get('/:project_id/os-availability-zone', (c) =>
    c.json({ availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true } }] }),
  );

  // https://docs.openstack.org/api-ref/block-storage/v3/#snapshots-snapshots
  // and #backups-backups: none exist, but clients list them (e.g. before deleting a volume).
  app.get('/:project_id/snapshots', (c) => c.json({ snapshots: [] }));
  app.get('/:project_id/snapshots/detail', (c) => c.json({ snapshots: [] }));
  app.get('/:project_id/backups', (c) => c.json({ backups: [] }));
  app.get('/:project_id/backups/detail', (c) => c.json({ backups: [] }));
}
