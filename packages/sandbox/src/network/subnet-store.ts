import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { badRequest, conflict, invalidInput, notFound } from './errors.js';
import type { FloatingIpBody } from './floating-ip-model.js';
import {
  cidrContains,
  cidrsOverlap,
  defaultGateway,
  defaultPools,
  parseCidr,
  requireCidr,
  validatePools,
} from './ipam-model.js';
import type { NetworkBody } from './network-model.js';
import type { PortBody } from './port-model.js';
import { KINDS, insert, save } from './resource-store.js';
import { standardAttrs } from './standard-attr-model.js';
import type { HostRoute, SubnetBody } from './subnet-model.js';

/** Policy get_subnet: own, or on a shared network (subnets of external-only networks stay hidden). */
export function subnetVisible(site: SiteContext, auth: AuthContext, body: SubnetBody): boolean {
  if (auth.isAdmin || body.project_id === auth.projectId) return true;
  return site.store.get<NetworkBody>(KINDS.network, body.network_id)?.shared ?? false;
}

export interface NewSubnet {
  id?: string;
  projectId: string;
  networkId: string;
  cidr: string;
  name?: string;
  description?: string;
  /** undefined: first host; null: no gateway. */
  gatewayIp?: string | null;
  allocationPools?: { start: string; end: string }[];
  enableDhcp?: boolean;
  dnsNameservers?: string[];
  hostRoutes?: HostRoute[];
  tags?: string[];
}

/** Validates and builds a subnet body against the network's other subnets. */
export function buildSubnet(site: SiteContext, spec: NewSubnet): SubnetBody {
  const cidr = requireCidr(spec.cidr);
  const network = site.store.get<NetworkBody>(KINDS.network, spec.networkId);
  if (!network) throw notFound.network(spec.networkId);
  for (const otherId of network.subnets) {
    const other = site.store.get<SubnetBody>(KINDS.subnet, otherId);
    const otherCidr = other && parseCidr(other.cidr);
    if (otherCidr && cidrsOverlap(cidr, otherCidr)) {
      throw invalidInput(
        `Requested subnet with cidr: ${spec.cidr} for network: ${spec.networkId} overlaps with another subnet`,
      );
    }
  }
  const gateway = spec.gatewayIp === undefined ? defaultGateway(cidr) : spec.gatewayIp;
  if (gateway !== null && !cidrContains(cidr, gateway)) {
    throw badRequest(
      `Invalid input for gateway_ip. Reason: '${gateway}' is not in subnet ${spec.cidr}.`,
    );
  }
  const pools = spec.allocationPools ?? defaultPools(cidr, gateway);
  validatePools(cidr, pools, gateway);
  return {
    ...standardAttrs(site, spec),
    network_id: spec.networkId,
    ip_version: 4,
    cidr: spec.cidr,
    gateway_ip: gateway,
    allocation_pools: pools,
    enable_dhcp: spec.enableDhcp ?? true,
    dns_nameservers: spec.dnsNameservers ?? [],
    host_routes: spec.hostRoutes ?? [],
    ipv6_address_mode: null,
    ipv6_ra_mode: null,
    segment_id: null,
    subnetpool_id: null,
    service_types: [],
    dns_publish_fixed_ip: false,
  };
}

/** Inserts the subnet and lists it on its network. */
export function addSubnet(site: SiteContext, subnet: SubnetBody): SubnetBody {
  insert(site, KINDS.subnet, subnet);
  const network = site.store.get<NetworkBody>(KINDS.network, subnet.network_id);
  if (network) save(site, KINDS.network, { ...network, subnets: [...network.subnets, subnet.id] });
  return subnet;
}

export function subnetsOf(site: SiteContext, network: NetworkBody): SubnetBody[] {
  return network.subnets.flatMap((id) => site.store.get<SubnetBody>(KINDS.subnet, id) ?? []);
}

export function deleteSubnet(site: SiteContext, subnet: SubnetBody): void {
  const ports = site.store
    .list<PortBody>(KINDS.port)
    .filter((port) => port.fixed_ips.some((ip) => ip.subnet_id === subnet.id));
  const cidr = parseCidr(subnet.cidr);
  const fipInSubnet = site.store
    .list<FloatingIpBody>(KINDS.floatingIp)
    .some(
      (fip) =>
        fip.floating_network_id === subnet.network_id &&
        cidr &&
        cidrContains(cidr, fip.floating_ip_address),
    );
  if (ports.some((port) => port.device_owner !== 'network:dhcp') || fipInSubnet) {
    throw conflict(
      'SubnetInUse',
      `Unable to complete operation on subnet ${subnet.id}: One or more ports have an IP allocation from this subnet.`,
    );
  }
  for (const port of ports) site.store.delete(KINDS.port, port.id);
  site.store.delete(KINDS.subnet, subnet.id);
  const network = site.store.get<NetworkBody>(KINDS.network, subnet.network_id);
  if (network)
    save(site, KINDS.network, {
      ...network,
      subnets: network.subnets.filter((id) => id !== subnet.id),
    });
}
