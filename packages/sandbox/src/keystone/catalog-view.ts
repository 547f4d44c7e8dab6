import type { SiteContext } from '../site/context.js';
import { serviceUrl } from '../site/context.js';
import { stableKeystoneId } from '../site/ids.js';

interface CatalogEndpoint {
  id: string;
  interface: 'public' | 'internal' | 'admin';
  region: string;
  region_id: string;
  url: string;
}

export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

const INTERFACES = ['public', 'internal', 'admin'] as const;

/**
 * The service catalogue of a project-scoped token, laid out like devstack. Keystone substitutes
 * `$(project_id)s` in endpoint URLs when it renders a token, hence the project id in the Cinder URLs.
 * https://docs.openstack.org/api-ref/identity/v3/#get-service-catalog
 */
export function buildCatalog(site: SiteContext, projectId: string): CatalogEntry[] {
  const volume = `${serviceUrl(site, 'volume')}/v3/${projectId}`;
  const services: [type: string, name: string, url: string][] = [
    ['identity', 'keystone', serviceUrl(site, 'identity')],
    ['compute', 'nova', `${serviceUrl(site, 'compute')}/v2.1`],
    ['image', 'glance', serviceUrl(site, 'image')],
    ['network', 'neutron', serviceUrl(site, 'network')],
    ['volumev3', 'cinderv3', volume],
    ['block-storage', 'cinder', volume],
  ];
  const region = site.spec.region;
  return services.map(([type, name, url]) => ({
    id: stableKeystoneId(site.spec.name, 'service', type),
    type,
    name,
    endpoints: INTERFACES.map((iface) => ({
      id: stableKeystoneId(site.spec.name, 'endpoint', type, iface),
      interface: iface,
      region,
      region_id: region,
      url,
    })),
  }));
}
