import type { SiteContext } from '../site/context.js';
import { DEFAULT_TYPE_NAME, defaultTypeId } from './volume-model.js';

/** The one volume type a site has (what `cinder-manage` creates as `__DEFAULT__`). */
export function defaultType(site: SiteContext, isAdmin: boolean): Record<string, unknown> {
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
