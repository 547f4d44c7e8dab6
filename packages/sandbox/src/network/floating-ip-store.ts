import { isIPv4 } from 'node:net';
import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { NeutronError, badRequestFor, conflict, notFound } from './errors.js';
import type { FloatingIpBody, PortDetails } from './floating-ip-model.js';
import { allocateFixedIps } from './ipam-store.js';
import type { NetworkBody } from './network-model.js';
import type { PortBody } from './port-model.js';
import { portVisible } from './port-store.js';
import { checkQuota } from './quota-store.js';
import { KINDS } from './resource-store.js';
import { routerForSubnet } from './router-store.js';
import { standardAttrs } from './standard-attr-model.js';
import { subnetsOf } from './subnet-store.js';

/** The port as it is now (fip-port-details). */
export function portDetails(site: SiteContext, portId: string | null): PortDetails | null {
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
    port && (auth ? portVisible(site, auth, port) : port.project_id === fip.project_id);
  if (!port || !mayUse) throw notFound.port(portId);
  if (port.device_owner.startsWith('network:')) {
    throw badRequestFor(
      'floatingip',
      `Port ${port.id} has owner ${port.device_owner} and therefore cannot be assigned a floating IP`,
    );
  }
  const v4 = port.fixed_ips.filter((ip) => isIPv4(ip.ip_address));
  let chosen = v4[0];
  if (fixedIp !== undefined) {
    chosen = port.fixed_ips.find((ip) => ip.ip_address === fixedIp);
    if (!chosen)
      throw badRequestFor('floatingip', `Port ${port.id} does not have fixed ip ${fixedIp}`);
  } else if (v4.length > 1) {
    throw badRequestFor(
      'floatingip',
      `Port ${port.id} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP`,
    );
  }
  if (!chosen) throw badRequestFor('floatingip', `Port ${port.id} does not have any IPv4 address`);
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
    throw badRequestFor('floatingip', `Network ${networkId} is not a valid external network`);
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
