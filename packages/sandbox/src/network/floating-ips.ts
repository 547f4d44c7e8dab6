import type { Hono } from 'hono';
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { readBody, zDescription, zId, zProject, zTags } from './body.js';
import { NeutronError, conflict, notFound, policyError } from './errors.js';
import { allocateFixedIps } from './ipam.js';
import {
  KINDS,
  insert,
  owningProject,
  save,
  standardAttrs,
  type FloatingIpBody,
  type NetworkBody,
  type PortBody,
  type PortDetails,
} from './model.js';
import { NETWORKS } from './networks.js';
import { PORTS } from './port-core.js';
import { checkQuota } from './quotas.js';
import {
  findOwned,
  findVisible,
  registerReads,
  registerTags,
  type ResourceDef,
} from './resource.js';
import { routerForSubnet } from './routers.js';
import { subnetsOf } from './subnets.js';

/**
 * Floating IPs: addresses of an external network's subnet, NATed by the router that links the
 * external network to the subnet of the associated port.
 * https://docs.openstack.org/api-ref/network/v2/#floating-ips-floatingips
 */
export const FLOATING_IP_ATTRIBUTES = [
  'id',
  'description',
  'tenant_id',
  'project_id',
  'created_at',
  'updated_at',
  'revision_number',
  'floating_ip_address',
  'floating_network_id',
  'router_id',
  'port_id',
  'fixed_ip_address',
  'status',
  'dns_domain',
  'dns_name',
  'qos_policy_id',
] as const;

function portDetails(site: SiteContext, portId: string | null): PortDetails | null {
  const port = portId === null ? undefined : site.store.get<PortBody>(KINDS.port, portId);
  if (!port) return null;
  return {
    name: port.name,
    network_id: port.network_id,
    mac_address: port.mac_address,
    admin_state_up: port.admin_state_up,
    status: port.status,
    device_id: port.device_id,
    device_owner: port.device_owner,
  };
}

export const FLOATING_IPS: ResourceDef<FloatingIpBody> = {
  kind: KINDS.floatingIp,
  singular: 'floatingip',
  plural: 'floatingips',
  path: 'floatingips',
  attributes: FLOATING_IP_ATTRIBUTES,
  notFound: notFound.floatingIp,
  visible: (_site, auth, body) => auth.isAdmin || body.project_id === auth.projectId,
  // port_details (fip-port-details) reflects the port as it is now.
  render: (site, _auth, body) => ({ ...body, port_details: portDetails(site, body.port_id) }),
};

function fipError(message: string): NeutronError {
  return new NeutronError(400, 'BadRequest', `Bad floatingip request: ${message}.`);
}

/** Points the floating IP at a port's fixed address, through the router that can reach it. */
export function associate(
  site: SiteContext,
  auth: AuthContext | undefined,
  fip: FloatingIpBody,
  portId: string,
  fixedIp: string | undefined,
): FloatingIpBody {
  const port = site.store.get<PortBody>(KINDS.port, portId);
  const mayUse =
    port && (auth ? PORTS.visible(site, auth, port) : port.project_id === fip.project_id);
  if (!port || !mayUse) throw notFound.port(portId);
  if (port.device_owner.startsWith('network:')) {
    throw fipError(
      `Port ${port.id} has owner ${port.device_owner} and therefore cannot be assigned a floating IP`,
    );
  }
  const v4 = port.fixed_ips.filter((ip) => isIPv4(ip.ip_address));
  let chosen = v4[0];
  if (fixedIp !== undefined) {
    chosen = port.fixed_ips.find((ip) => ip.ip_address === fixedIp);
    if (!chosen) throw fipError(`Port ${port.id} does not have fixed ip ${fixedIp}`);
  } else if (v4.length > 1) {
    throw fipError(
      `Port ${port.id} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP`,
    );
  }
  if (!chosen) throw fipError(`Port ${port.id} does not have any IPv4 address`);
  const router = routerForSubnet(site, chosen.subnet_id, fip.floating_network_id);
  if (!router) {
    throw new NeutronError(
      404,
      'ExternalGatewayForFloatingIPNotFound',
      `External network ${fip.floating_network_id} is not reachable from subnet ${chosen.subnet_id}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
    );
  }
  const other = site.store
    .list<FloatingIpBody>(KINDS.floatingIp)
    .find(
      (f) => f.id !== fip.id && f.port_id === port.id && f.fixed_ip_address === chosen.ip_address,
    );
  if (other) {
    throw conflict(
      'FloatingIPPortAlreadyAssociated',
      `Cannot associate floating IP ${fip.floating_ip_address} (${fip.id}) with port ${port.id} using fixed IP ${chosen.ip_address}, as that fixed IP already has a floating IP on external network ${fip.floating_network_id}.`,
    );
  }
  return {
    ...fip,
    port_id: port.id,
    fixed_ip_address: chosen.ip_address,
    router_id: router.id,
    status: 'ACTIVE',
  };
}

function disassociated(fip: FloatingIpBody): FloatingIpBody {
  return {
    ...fip,
    port_id: null,
    fixed_ip_address: null,
    router_id: null,
    status: 'DOWN',
    port_details: null,
  };
}

const zIp = z.string().refine(isIPv4, { message: 'is not a valid IP address' });

const zCreate = z.strictObject({
  floating_network_id: zId,
  floating_ip_address: zIp.optional(),
  subnet_id: zId.optional(),
  port_id: zId.nullable().optional(),
  fixed_ip_address: zIp.nullable().optional(),
  description: zDescription.optional(),
  dns_name: z.literal('').optional(),
  dns_domain: z.literal('').optional(),
  qos_policy_id: z.null().optional(),
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject({
  port_id: zId.nullable().optional(),
  fixed_ip_address: zIp.nullable().optional(),
  description: zDescription.optional(),
  qos_policy_id: z.null().optional(),
});

/** Allocates a floating IP body (not yet stored) from the external network. */
export function allocateFloatingIp(
  site: SiteContext,
  projectId: string,
  networkId: string,
  options: { address?: string | undefined; subnetId?: string | undefined } = {},
): FloatingIpBody {
  const network = site.store.get<NetworkBody>(KINDS.network, networkId);
  if (!network) throw notFound.network(networkId);
  if (!network['router:external'])
    throw fipError(`Network ${networkId} is not a valid external network`);
  checkQuota(site, projectId, 'floatingip');
  const subnets = subnetsOf(site, network).filter((subnet) => subnet.ip_version === 4);
  if (subnets.length === 0) {
    throw conflict(
      'IpAddressGenerationFailure',
      `No more IP addresses available on network ${networkId}.`,
    );
  }
  let request: { subnet_id?: string; ip_address?: string }[] | undefined;
  if (options.subnetId !== undefined || options.address !== undefined) {
    request = [
      {
        ...(options.subnetId && { subnet_id: options.subnetId }),
        ...(options.address && { ip_address: options.address }),
      },
    ];
  }
  let address: string;
  try {
    const [ip] = allocateFixedIps(site, networkId, subnets, request);
    if (!ip)
      throw conflict(
        'IpAddressGenerationFailure',
        `No more IP addresses available on network ${networkId}.`,
      );
    address = ip.ip_address;
  } catch (error) {
    if (
      error instanceof NeutronError &&
      error.type === 'IpAddressAlreadyAllocated' &&
      options.address
    ) {
      throw conflict(
        'IpAddressInUse',
        `Unable to complete operation for network ${networkId}. The IP address ${options.address} is in use.`,
      );
    }
    throw error;
  }
  const { name: _name, ...attrs } = standardAttrs(site, { projectId });
  return {
    ...attrs,
    floating_ip_address: address,
    floating_network_id: networkId,
    router_id: null,
    port_id: null,
    fixed_ip_address: null,
    status: 'DOWN',
    port_details: null,
    dns_domain: '',
    dns_name: '',
    qos_policy_id: null,
    port_forwardings: [],
  };
}

export function floatingIpRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, FLOATING_IPS);
  registerTags(app, site, FLOATING_IPS);

  app.post('/floatingips', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'floatingip', zCreate);
    if (!auth.isAdmin && request.floating_ip_address !== undefined) {
      throw policyError('create_floatingip:floating_ip_address');
    }
    const projectId = owningProject(auth, request);
    findVisible(site, auth, NETWORKS, request.floating_network_id);
    const fip = site.store.transaction(() => {
      let body = allocateFloatingIp(site, projectId, request.floating_network_id, {
        address: request.floating_ip_address,
        subnetId: request.subnet_id,
      });
      body = { ...body, description: request.description ?? '', tags: request.tags ?? [] };
      if (request.port_id)
        body = associate(site, auth, body, request.port_id, request.fixed_ip_address ?? undefined);
      return insert(site, KINDS.floatingIp, body);
    });
    return c.json({ floatingip: FLOATING_IPS.render(site, auth, fip) }, 201);
  });

  app.put('/floatingips/:id', async (c) => {
    const auth = c.get('auth');
    const current = findOwned(site, auth, FLOATING_IPS, c.req.param('id'), 'update');
    const request = await readBody(c, 'floatingip', zUpdate, [
      'id',
      'floating_ip_address',
      'floating_network_id',
      'project_id',
      'tenant_id',
      'router_id',
      'status',
    ]);
    const fip = site.store.transaction(() => {
      let next: FloatingIpBody = { ...current };
      if (request.description !== undefined) next.description = request.description;
      if (request.port_id === null) next = disassociated(next);
      else if (request.port_id !== undefined) {
        next = associate(site, auth, next, request.port_id, request.fixed_ip_address ?? undefined);
      } else if (request.fixed_ip_address && next.port_id) {
        next = associate(site, auth, next, next.port_id, request.fixed_ip_address);
      }
      return save(site, KINDS.floatingIp, next);
    });
    return c.json({ floatingip: FLOATING_IPS.render(site, auth, fip) });
  });

  app.delete('/floatingips/:id', (c) => {
    const auth = c.get('auth');
    const fip = findOwned(site, auth, FLOATING_IPS, c.req.param('id'), 'delete');
    site.store.delete(KINDS.floatingIp, fip.id);
    return c.body(null, 204);
  });
}
