import type { SiteContext } from '../site/context.js';
import { stableUuid } from '../site/ids.js';
import { buildNetwork, type NetworkBody } from './network-model.js';
import { KINDS, insert } from './resource-store.js';
import { buildRouter } from './router-model.js';
import { addInterfaceOnSubnet, setGateway } from './router-store.js';
import type { SubnetBody } from './subnet-model.js';
import { addSubnet, buildSubnet } from './subnet-store.js';

/**
 * The networks a freshly deployed EGI site typically offers, like devstack's defaults: one external
 * provider network `public` owned by the admin project (floating IPs come from it), and per project
 * a private VXLAN network with a subnet and a router whose gateway is on `public`.
 *
 * Idempotent: every seeded resource has a stable id and is created only when missing, so a restart
 * keeps what users changed and never duplicates anything.
 */
const PUBLIC_NETWORK_NAME = 'public';
const PUBLIC_CIDR = '172.24.4.0/24';

function id(site: SiteContext, ...parts: string[]): string {
  return stableUuid(site.spec.name, 'neutron', ...parts);
}

function ensureNetwork(site: SiteContext, network: () => NetworkBody): NetworkBody {
  const body = network();
  return site.store.get<NetworkBody>(KINDS.network, body.id) ?? insert(site, KINDS.network, body);
}

function ensureSubnet(site: SiteContext, subnetId: string, subnet: () => SubnetBody): SubnetBody {
  return site.store.get<SubnetBody>(KINDS.subnet, subnetId) ?? addSubnet(site, subnet());
}

/** A project's private network, subnet and router plugged into `public`. */
function seedProject(
  site: SiteContext,
  projectId: string,
  key: string,
  names: { network: string; subnet: string; router: string },
  cidr: string,
  publicId: string,
): void {
  const network = ensureNetwork(site, () =>
    buildNetwork(site, { id: id(site, 'network', key), projectId, name: names.network }),
  );
  const subnetId = id(site, 'subnet', key);
  const subnet = ensureSubnet(site, subnetId, () =>
    buildSubnet(site, { id: subnetId, projectId, networkId: network.id, name: names.subnet, cidr }),
  );
  const routerId = id(site, 'router', key);
  if (site.store.has(KINDS.router, routerId)) return;
  const router = setGateway(
    site,
    undefined,
    buildRouter(site, { id: routerId, projectId, name: names.router }),
    {
      network_id: publicId,
    },
  );
  insert(site, KINDS.router, router);
  addInterfaceOnSubnet(site, router, subnet);
}

export function seedNetwork(site: SiteContext): void {
  site.store.transaction(() => {
    const { spec } = site;
    const publicNet = ensureNetwork(site, () =>
      buildNetwork(site, {
        id: id(site, 'network', 'public'),
        projectId: spec.adminProjectId,
        name: PUBLIC_NETWORK_NAME,
        external: true,
        providerType: 'flat',
        physicalNetwork: 'public',
        isDefault: true,
      }),
    );
    const publicSubnetId = id(site, 'subnet', 'public');
    ensureSubnet(site, publicSubnetId, () =>
      buildSubnet(site, {
        id: publicSubnetId,
        projectId: spec.adminProjectId,
        networkId: publicNet.id,
        name: 'public-subnet',
        cidr: PUBLIC_CIDR,
        enableDhcp: false,
      }),
    );

    // Private ranges 10.<site>.<n>.0/24: n = 0 for admin, 1.. for the VOs in spec order.
    const octet = spec.index % 256;
    seedProject(
      site,
      spec.adminProjectId,
      'admin',
      { network: 'admin-net', subnet: 'admin-subnet', router: 'admin-router' },
      `10.${octet}.0.0/24`,
      publicNet.id,
    );
    spec.vos.forEach((vo, i) => {
      seedProject(
        site,
        vo.projectId,
        `vo:${vo.vo}`,
        { network: 'private-net', subnet: 'private-subnet', router: 'private-router' },
        `10.${octet}.${(i + 1) % 256}.0/24`,
        publicNet.id,
      );
    });
  });
}
