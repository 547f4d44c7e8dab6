import type { SiteContext } from '../site/context.js';
import { badRequest, conflict, invalidInput } from './errors.js';
import type { FloatingIpBody } from './floating-ip-model.js';
import { cidrContains, intToIp, ipToInt, parseCidr } from './ipam-model.js';
import type { FixedIp, PortBody } from './port-model.js';
import { KINDS } from './resource-store.js';
import type { SubnetBody } from './subnet-model.js';

/** Addresses handed out from subnets, as neutron's built-in IPAM driver allocates them. */
/**
 * Addresses of the subnet held by ports and floating IPs. The gateway address is outside the
 * pools, so it is never handed out automatically, but a router interface may claim it.
 */
function usedAddresses(site: SiteContext, subnet: SubnetBody): Set<string> {
  const used = new Set<string>();
  for (const port of site.store.list<PortBody>(KINDS.port)) {
    if (port.network_id !== subnet.network_id) continue;
    for (const ip of port.fixed_ips) if (ip.subnet_id === subnet.id) used.add(ip.ip_address);
  }
  const cidr = parseCidr(subnet.cidr);
  for (const fip of site.store.list<FloatingIpBody>(KINDS.floatingIp)) {
    if (
      fip.floating_network_id === subnet.network_id &&
      cidr &&
      cidrContains(cidr, fip.floating_ip_address)
    ) {
      used.add(fip.floating_ip_address);
    }
  }
  return used;
}

/** The lowest free address of the subnet's pools, or undefined when it is full. */
function nextFreeAddress(
  site: SiteContext,
  subnet: SubnetBody,
  taken = new Set<string>(),
): string | undefined {
  const used = usedAddresses(site, subnet);
  for (const pool of subnet.allocation_pools) {
    for (let value = ipToInt(pool.start); value <= ipToInt(pool.end); value += 1) {
      const ip = intToIp(value);
      if (!used.has(ip) && !taken.has(ip)) return ip;
    }
  }
  return undefined;
}

/**
 * Resolves a port's requested fixed_ips (each naming a subnet, an address or both) against the
 * network's subnets; no request means one address from the first IPv4 subnet.
 */
export function allocateFixedIps(
  site: SiteContext,
  networkId: string,
  subnets: SubnetBody[],
  requested: { subnet_id?: string | undefined; ip_address?: string | undefined }[] | undefined,
): FixedIp[] {
  const taken = new Set<string>();
  const allocate = (subnet: SubnetBody, ip?: string): FixedIp => {
    if (ip !== undefined) {
      const cidr = parseCidr(subnet.cidr);
      if (!cidr || !cidrContains(cidr, ip)) {
        throw badRequest(`IP address ${ip} is not a valid IP for the specified subnet.`);
      }
      if (usedAddresses(site, subnet).has(ip) || taken.has(ip)) {
        throw conflict(
          'IpAddressAlreadyAllocated',
          `IP address ${ip} already allocated in subnet ${subnet.id}`,
        );
      }
      taken.add(ip);
      return { subnet_id: subnet.id, ip_address: ip };
    }
    const free = nextFreeAddress(site, subnet, taken);
    if (free === undefined) {
      throw conflict(
        'IpAddressGenerationFailure',
        `No more IP addresses available on network ${networkId}.`,
      );
    }
    taken.add(free);
    return { subnet_id: subnet.id, ip_address: free };
  };

  if (requested === undefined) {
    const first = subnets.find((subnet) => subnet.ip_version === 4);
    return first ? [allocate(first)] : [];
  }
  return requested.map((entry) => {
    if (entry.subnet_id !== undefined) {
      const subnet = subnets.find((s) => s.id === entry.subnet_id);
      if (!subnet) {
        throw invalidInput(
          `Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${entry.subnet_id}`,
        );
      }
      return allocate(subnet, entry.ip_address);
    }
    if (entry.ip_address === undefined)
      throw badRequest(
        'Invalid input for fixed_ips. Reason: Exactly one of subnet_id or ip_address is needed.',
      );
    const address = entry.ip_address;
    const subnet = subnets.find((s) => {
      const cidr = parseCidr(s.cidr);
      return cidr !== undefined && cidrContains(cidr, address);
    });
    if (!subnet) {
      throw badRequest(
        `IP address ${address} is not a valid IP for any of the subnets on the specified network.`,
      );
    }
    return allocate(subnet, address);
  });
}
