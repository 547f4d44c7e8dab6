import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { notFound } from './errors.js';
import { flavorVisible, type FlavorRecord } from './flavor-model.js';

export const FLAVOR_KIND = 'compute.flavor';

/** Creates the spec's flavors that are missing; an admin's later changes to them survive restarts. */
export function seedFlavors(site: SiteContext): void {
  for (const seed of site.spec.flavors) {
    if (site.store.has(FLAVOR_KIND, seed.id)) continue;
    const record: FlavorRecord = {
      id: seed.id,
      name: seed.name,
      vcpus: seed.vcpus,
      ram: seed.ram,
      disk: seed.disk,
      ephemeral: seed.ephemeral,
      swap: 0,
      rxtxFactor: 1.0,
      isPublic: true,
      disabled: false,
      description: null,
      extraSpecs: { ...seed.extraSpecs },
      projects: [],
    };
    site.store.insert(FLAVOR_KIND, seed.id, null, record, site.now());
  }
}

export function flavorNotFound(id: string) {
  return notFound(`Flavor ${id} could not be found.`);
}

/** The flavor if the caller may see it. */
export function findFlavor(
  site: SiteContext,
  auth: AuthContext,
  id: string,
): FlavorRecord | undefined {
  const flavor = site.store.get<FlavorRecord>(FLAVOR_KIND, id);
  return flavor && flavorVisible(flavor, auth) ? flavor : undefined;
}

export function getFlavorOr404(site: SiteContext, auth: AuthContext, id: string): FlavorRecord {
  const flavor = findFlavor(site, auth, id);
  if (!flavor) throw flavorNotFound(id);
  return flavor;
}

export function listFlavors(site: SiteContext): FlavorRecord[] {
  return site.store.list<FlavorRecord>(FLAVOR_KIND);
}

export function saveFlavor(site: SiteContext, flavor: FlavorRecord): void {
  site.store.put(FLAVOR_KIND, flavor.id, flavor, site.now());
}
