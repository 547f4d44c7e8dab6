import type { SiteContext } from '../site/context.js';
import { type ComputeContext, links } from './env.js';
import type { FlavorRecord } from './flavor-model.js';
import { atLeast } from './microversion.js';

/** Flavor body per microversion: 2.55 adds description, 2.61 extra_specs, 2.75 makes swap 0 instead of "". */
export function flavorBody(
  site: SiteContext,
  c: ComputeContext,
  flavor: FlavorRecord,
  detail: boolean,
) {
  const body: Record<string, unknown> = {
    id: flavor.id,
    name: flavor.name,
    links: links(site, c, `/flavors/${flavor.id}`),
  };
  if (atLeast(c, 55)) body.description = flavor.description;
  if (!detail) return body;
  Object.assign(body, {
    ram: flavor.ram,
    disk: flavor.disk,
    vcpus: flavor.vcpus,
    'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral,
    'OS-FLV-DISABLED:disabled': flavor.disabled,
    swap: atLeast(c, 75) ? flavor.swap : flavor.swap || '',
    rxtx_factor: flavor.rxtxFactor,
    'os-flavor-access:is_public': flavor.isPublic,
  });
  if (atLeast(c, 61)) body.extra_specs = flavor.extraSpecs;
  return body;
}

/** The os-flavor-access list of a private flavor. */
export function accessList(flavor: FlavorRecord) {
  return flavor.projects.map((tenant) => ({ flavor_id: flavor.id, tenant_id: tenant }));
}
