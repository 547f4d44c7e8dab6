import type { SiteContext } from '../site/context.js';
import { ServiceError } from '../site/service-error.js';
import { notFound, toServiceError } from './errors.js';
import type { FloatingIpBody } from './floating-ip-model.js';
import type { NetworkBody } from './network-model.js';
import { bindingFor, type PortBody } from './port-model.js';
import { createPort, removePort } from './port-store.js';
import { KINDS, save } from './resource-store.js';
import { ensureDefaultGroup, findProjectGroup } from './security-group-store.js';
import { subnetsOf } from './subnet-store.js';

/**
 * What Nova asks of Neutron, as nova/network/neutron.py does over REST: the networks a project may
 * boot on, its security groups, ports for a server, and the server's addresses. Errors are
 * ServiceErrors carrying the status neutron (or nova's own check) would give.
 */

/** One entry of a Nova server's `addresses` map (keyed by network name). */
export interface ServerAddress {
  version: 4 | 6;
  addr: string;
  'OS-EXT-IPS:type': 'fixed' | 'floating';
  'OS-EXT-IPS-MAC:mac_addr': string;
}

export interface ServerPort {
  portId: string;
  networkId: string;
  networkName: string;
  ip: string;
  mac: string;
}

export interface NetworkRef {
  id: string;
  name: string;
  shared: boolean;
  external: boolean;
}

function asService<R>(fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    throw toServiceError(error);
  }
}

function toRef(network: NetworkBody): NetworkRef {
  return {
    id: network.id,
    name: network.name,
    shared: network.shared,
    external: network['router:external'],
  };
}

/** Whether a project may plug a server into the network: its own or a shared one. */
function attachable(network: NetworkBody, projectId: string): boolean {
  return network.shared || (network.project_id === projectId && !network['router:external']);
}

/**
 * Networks a project may attach a server to: its own plus shared ones. External networks are left
 * out unless shared, as nova's _get_available_networks does when no network is requested.
 */
export function visibleNetworks(site: SiteContext, projectId: string): NetworkRef[] {
  return site.store
    .list<NetworkBody>(KINDS.network)
    .filter((network) => attachable(network, projectId))
    .map(toRef);
}

/** Creates (and returns) the project's `default` security group if it does not exist yet. */
export function ensureDefaultSecurityGroup(
  site: SiteContext,
  projectId: string,
): { id: string; name: string } {
  return asService(() => {
    const group = ensureDefaultGroup(site, projectId);
    return { id: group.id, name: group.name };
  });
}

/** Finds a security group of the project by name or id. */
export function findSecurityGroup(
  site: SiteContext,
  projectId: string,
  nameOrId: string,
): { id: string; name: string } | undefined {
  return asService(() => {
    const group = findProjectGroup(site, projectId, nameOrId);
    return group && { id: group.id, name: group.name };
  });
}

function serverPort(site: SiteContext, port: PortBody): ServerPort {
  const network = site.store.get<NetworkBody>(KINDS.network, port.network_id);
  return {
    portId: port.id,
    networkId: port.network_id,
    networkName: network?.name ?? '',
    ip: port.fixed_ips[0]?.ip_address ?? '',
    mac: port.mac_address,
  };
}

/**
 * Creates a port for a server (device_owner `compute:nova`) on a network, or binds an existing
 * port when `portId` is given. Throws ServiceError(404) for an unknown/invisible network or port.
 */
export function createServerPort(
  site: SiteContext,
  request: {
    projectId: string;
    deviceId: string;
    networkId?: string;
    portId?: string;
    fixedIp?: string;
    securityGroupIds: string[];
  },
): ServerPort {
  return asService(() =>
    site.store.transaction(() => {
      const { projectId } = request;
      if (request.portId !== undefined) {
        const port = site.store.get<PortBody>(KINDS.port, request.portId);
        if (!port || port.project_id !== projectId) throw notFound.port(request.portId);
        if (port.device_id !== '') throw new ServiceError(409, `Port ${port.id} is still in use.`);
        // Nova leaves a port it did not create in place when the server goes (see deleteServerPorts).
        site.store.upsert(
          KINDS.preexistingPort,
          port.id,
          projectId,
          { portId: port.id },
          site.now(),
        );
        const bound = save(site, KINDS.port, {
          ...port,
          device_id: request.deviceId,
          device_owner: 'compute:nova',
          ...bindingFor(site, 'compute:nova'),
        });
        return serverPort(site, bound);
      }

      let networkId = request.networkId;
      if (networkId === undefined) {
        const candidates = visibleNetworks(site, projectId);
        if (candidates.length > 1) {
          throw new ServiceError(
            409,
            'Multiple possible networks found, use a Network ID to be more specific.',
          );
        }
        if (candidates.length === 0) throw new ServiceError(400, 'No valid network found');
        networkId = candidates[0]?.id;
      }
      const network =
        networkId === undefined ? undefined : site.store.get<NetworkBody>(KINDS.network, networkId);
      const visible =
        network &&
        (network.project_id === projectId || network.shared || network['router:external']);
      if (!network || !visible) throw notFound.network(networkId ?? '');
      if (!attachable(network, projectId)) {
        throw new ServiceError(
          403,
          `It is not allowed to create an interface on external network ${network.id}`,
        );
      }
      if (!subnetsOf(site, network).some((subnet) => subnet.ip_version === 4)) {
        throw new ServiceError(
          400,
          `Network ${network.id} requires a subnet in order to boot instances on.`,
        );
      }
      const groups = request.securityGroupIds.map((nameOrId) => {
        const group = findProjectGroup(site, projectId, nameOrId);
        if (!group) throw new ServiceError(404, `Security group ${nameOrId} not found.`);
        return group.id;
      });
      const port = createPort(site, {
        projectId,
        network,
        fixedIps: request.fixedIp === undefined ? undefined : [{ ip_address: request.fixedIp }],
        deviceId: request.deviceId,
        deviceOwner: 'compute:nova',
        securityGroups: groups.length > 0 ? groups : undefined,
      });
      return serverPort(site, port);
    }),
  );
}

/** The server's addresses, fixed and floating, grouped by network name as Nova shows them. */
export function listServerAddresses(
  site: SiteContext,
  deviceId: string,
): Record<string, ServerAddress[]> {
  const fips = site.store.list<FloatingIpBody>(KINDS.floatingIp);
  const addresses: Record<string, ServerAddress[]> = {};
  for (const port of site.store.list<PortBody>(KINDS.port)) {
    if (port.device_id !== deviceId || !port.device_owner.startsWith('compute:')) continue;
    const name =
      site.store.get<NetworkBody>(KINDS.network, port.network_id)?.name ?? port.network_id;
    const entries = (addresses[name] ??= []);
    const mac = port.mac_address;
    for (const ip of port.fixed_ips) {
      entries.push({
        version: 4,
        addr: ip.ip_address,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': mac,
      });
    }
    for (const fip of fips) {
      if (fip.port_id !== port.id) continue;
      entries.push({
        version: 4,
        addr: fip.floating_ip_address,
        'OS-EXT-IPS:type': 'floating',
        'OS-EXT-IPS-MAC:mac_addr': mac,
      });
    }
  }
  return addresses;
}

/** A port's fixed IPs with their subnets, as Nova's os-interface shows them. */
export function portFixedIps(
  site: SiteContext,
  portId: string,
): { subnet_id: string; ip_address: string }[] | undefined {
  return site.store
    .get<PortBody>(KINDS.port, portId)
    ?.fixed_ips.map((ip) => ({ subnet_id: ip.subnet_id, ip_address: ip.ip_address }));
}

/**
 * Deletes the ports Nova created for the server and disassociates their floating IPs; ports the
 * user created and passed in are unbound and kept, as nova does.
 */
export function deleteServerPorts(site: SiteContext, deviceId: string): void {
  site.store.transaction(() => {
    for (const port of site.store.list<PortBody>(KINDS.port)) {
      if (port.device_id !== deviceId || !port.device_owner.startsWith('compute:')) continue;
      if (site.store.has(KINDS.preexistingPort, port.id)) {
        site.store.delete(KINDS.preexistingPort, port.id);
        save(site, KINDS.port, {
          ...port,
          device_id: '',
          device_owner: '',
          ...bindingFor(site, ''),
        });
      } else {
        removePort(site, port);
      }
    }
  });
}
