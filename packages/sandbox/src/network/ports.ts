import type { SiteContext } from '../site/context.js';
import { ServiceError } from '../site/service-error.js';

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

/** Networks a project may attach a server to: its own plus shared ones (not external-only). */
export function visibleNetworks(_site: SiteContext, _projectId: string): NetworkRef[] {
  throw new ServiceError(409, 'not implemented');
}

/** Creates (and returns) the project's `default` security group if it does not exist yet. */
export function ensureDefaultSecurityGroup(
  _site: SiteContext,
  _projectId: string,
): { id: string; name: string } {
  throw new ServiceError(409, 'not implemented');
}

/** Finds a security group of the project by name or id. */
export function findSecurityGroup(
  _site: SiteContext,
  _projectId: string,
  _nameOrId: string,
): { id: string; name: string } | undefined {
  return undefined;
}

/**
 * Creates a port for a server (device_owner `compute:nova`) on a network, or binds an existing
 * port when `portId` is given. Throws ServiceError(404) for an unknown/invisible network or port.
 */
export function createServerPort(
  _site: SiteContext,
  _request: {
    projectId: string;
    deviceId: string;
    networkId?: string;
    portId?: string;
    fixedIp?: string;
    securityGroupIds: string[];
  },
): ServerPort {
  throw new ServiceError(409, 'not implemented');
}

/** The server's addresses, fixed and floating, grouped by network name as Nova shows them. */
export function listServerAddresses(
  _site: SiteContext,
  _deviceId: string,
): Record<string, ServerAddress[]> {
  return {};
}

/** Deletes the ports Nova created for the server and disassociates their floating IPs. */
export function deleteServerPorts(_site: SiteContext, _deviceId: string): void {}
