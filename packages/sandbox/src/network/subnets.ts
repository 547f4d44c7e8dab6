import type { Hono } from 'hono';
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { readBody, zBool, zDescription, zId, zName, zProject, zTags } from './body.js';
import { badRequest, conflict, invalidInput, notFound, policyError } from './errors.js';
import {
  cidrContains,
  cidrsOverlap,
  defaultGateway,
  defaultPools,
  parseCidr,
  requireCidr,
  validatePools,
  type Cidr,
} from './ipam.js';
import {
  KINDS,
  insert,
  owningProject,
  save,
  standardAttrs,
  type FloatingIpBody,
  type HostRoute,
  type NetworkBody,
  type PortBody,
  type SubnetBody,
} from './model.js';
import { NETWORKS } from './networks.js';
import { checkQuota } from './quotas.js';
import {
  findOwned,
  findVisible,
  registerReads,
  registerTags,
  type ResourceDef,
} from './resource.js';

/**
 * Subnets (IPv4 only in the sandbox).
 * https://docs.openstack.org/api-ref/network/v2/#subnets
 */
export const SUBNET_ATTRIBUTES = [
  'id',
  'name',
  'description',
  'tenant_id',
  'project_id',
  'created_at',
  'updated_at',
  'revision_number',
  'network_id',
  'ip_version',
  'cidr',
  'gateway_ip',
  'enable_dhcp',
  'dns_nameservers',
  'ipv6_address_mode',
  'ipv6_ra_mode',
  'segment_id',
  'subnetpool_id',
  'service_types',
  'dns_publish_fixed_ip',
] as const;

/** Policy get_subnet: own, or on a shared network (subnets of external-only networks stay hidden). */
export function subnetVisible(site: SiteContext, auth: AuthContext, body: SubnetBody): boolean {
  if (auth.isAdmin || body.project_id === auth.projectId) return true;
  return site.store.get<NetworkBody>(KINDS.network, body.network_id)?.shared ?? false;
}

export const SUBNETS: ResourceDef<SubnetBody> = {
  kind: KINDS.subnet,
  singular: 'subnet',
  plural: 'subnets',
  path: 'subnets',
  attributes: SUBNET_ATTRIBUTES,
  notFound: notFound.subnet,
  visible: subnetVisible,
  render: (_site, _auth, body) => ({ ...body }),
};

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

const zIp = z.string().refine(isIPv4, { message: 'is not a valid IP address' });
const zPool = z.strictObject({ start: zIp, end: zIp });
const zRoute = z.strictObject({ destination: z.string(), nexthop: zIp });

const zCreate = z.strictObject({
  network_id: zId,
  cidr: z.string(),
  ip_version: z
    .union([z.literal(4), z.literal(6), z.literal('4'), z.literal('6')])
    .transform(Number),
  name: zName.optional(),
  description: zDescription.optional(),
  gateway_ip: zIp.nullable().optional(),
  allocation_pools: z.array(zPool).optional(),
  enable_dhcp: zBool.optional(),
  dns_nameservers: z.array(zIp).optional(),
  host_routes: z.array(zRoute).optional(),
  ipv6_address_mode: z.null().optional(),
  ipv6_ra_mode: z.null().optional(),
  subnetpool_id: z.null().optional(),
  segment_id: z.null().optional(),
  service_types: z.array(z.string()).max(0).optional(),
  dns_publish_fixed_ip: zBool.optional(),
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject({
  name: zName.optional(),
  description: zDescription.optional(),
  gateway_ip: zIp.nullable().optional(),
  allocation_pools: z.array(zPool).optional(),
  enable_dhcp: zBool.optional(),
  dns_nameservers: z.array(zIp).optional(),
  host_routes: z.array(zRoute).optional(),
  dns_publish_fixed_ip: zBool.optional(),
});

export function subnetRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, SUBNETS);
  registerTags(app, site, SUBNETS);

  app.post('/subnets', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'subnet', zCreate);
    if (request.ip_version === 6) {
      throw badRequest(
        'Invalid input for ip_version. Reason: IPv6 subnets are not supported by this site.',
      );
    }
    const network = findVisible(site, auth, NETWORKS, request.network_id);
    // Policy create_subnet: admin or network owner.
    if (!auth.isAdmin && network.project_id !== auth.projectId) throw policyError('create_subnet');
    const projectId = owningProject(auth, request);
    const body = site.store.transaction(() => {
      checkQuota(site, projectId, 'subnet');
      return addSubnet(
        site,
        buildSubnet(site, {
          projectId,
          networkId: network.id,
          cidr: request.cidr,
          name: request.name,
          description: request.description,
          gatewayIp: request.gateway_ip,
          allocationPools: request.allocation_pools,
          enableDhcp: request.enable_dhcp,
          dnsNameservers: request.dns_nameservers,
          hostRoutes: request.host_routes,
          tags: request.tags,
        }),
      );
    });
    return c.json({ subnet: body }, 201);
  });

  app.put('/subnets/:id', async (c) => {
    const auth = c.get('auth');
    const current = findOwned(site, auth, SUBNETS, c.req.param('id'), 'update');
    const request = await readBody(c, 'subnet', zUpdate, [
      'id',
      'cidr',
      'ip_version',
      'network_id',
      'project_id',
      'tenant_id',
    ]);
    const cidr = parseCidr(current.cidr) as Cidr;
    const gateway = request.gateway_ip === undefined ? current.gateway_ip : request.gateway_ip;
    if (gateway !== null && !cidrContains(cidr, gateway)) {
      throw badRequest(
        `Invalid input for gateway_ip. Reason: '${gateway}' is not in subnet ${current.cidr}.`,
      );
    }
    const pools = request.allocation_pools ?? current.allocation_pools;
    validatePools(cidr, pools, gateway);
    const updates = Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined));
    const body = save(site, KINDS.subnet, { ...current, ...updates });
    return c.json({ subnet: body });
  });

  app.delete('/subnets/:id', (c) => {
    const auth = c.get('auth');
    const subnet = findOwned(site, auth, SUBNETS, c.req.param('id'), 'delete');
    site.store.transaction(() => deleteSubnet(site, subnet));
    return c.body(null, 204);
  });
}

function deleteSubnet(site: SiteContext, subnet: SubnetBody): void {
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
