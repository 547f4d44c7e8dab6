import type { SiteContext } from '../site/context.js';
import { conflict } from './errors.js';
import type { FloatingIpBody } from './floating-ip-model.js';
import type { NetworkBody } from './network-model.js';
import type { PortBody } from './port-model.js';
import { KINDS } from './resource-store.js';

/** Deletes the network and its subnets unless ports (other than DHCP ones) or floating IPs use it. */
export function deleteNetwork(site: SiteContext, network: NetworkBody): void {
  const ports = site.store
    .list<PortBody>(KINDS.port)
    .filter((port) => port.network_id === network.id);
  const inUse =
    ports.some((port) => port.device_owner !== 'network:dhcp') ||
    site.store
      .list<FloatingIpBody>(KINDS.floatingIp)
      .some((fip) => fip.floating_network_id === network.id);
  if (inUse) {
    throw conflict(
      'NetworkInUse',
      `Unable to complete operation on network ${network.id}. There are one or more ports still in use on the network.`,
    );
  }
  for (const port of ports) site.store.delete(KINDS.port, port.id);
  for (const subnetId of network.subnets) site.store.delete(KINDS.subnet, subnetId);
  site.store.delete(KINDS.network, network.id);
}
