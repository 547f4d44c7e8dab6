import { isIPv4 } from 'node:net';
import type { SiteContext } from '../site/context.js';
import { badRequest, conflict, invalidInput } from './errors.js';
import {
  KINDS,
  type AllocationPool,
  type FixedIp,
  type FloatingIpBody,
  type PortBody,
  type SubnetBody,
} from './model.js';

/**
 * IPv4 address management, as neutron's built-in IPAM driver does it: a subnet's gateway defaults
 * to the first host, its allocation pool to the rest, and ports get the lowest free address.
 * https://docs.openstack.org/api-ref/network/v2/#subnets
 */
export interface Cidr {
  network: number;
  prefix: number;
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  if (!match?.[1] || !match[2] || !isIPv4(match[1])) return undefined;
  const prefix = Number(match[2]);
  if (prefix > 32) return undefined;
  return { network: ipToInt(match[1]), prefix };
}

function size(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The CIDR with host bits cleared; neutron refuses `10.0.0.5/24` and suggests this. */
export function canonicalCidr(cidr: Cidr): string {
  const base = cidr.network - (cidr.network % size(cidr));
  return `${intToIp(base)}/${cidr.prefix}`;
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  if (!isIPv4(ip)) return false;
  const value = ipToInt(ip);
  return value >= cidr.network && value < cidr.network + size(cidr);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + size(b) && b.network < a.network + size(a);
}

/** Validated CIDR of a subnet request. */
export function requireCidr(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr)
    throw badRequest(`Invalid input for cidr. Reason: '${text}' is not a valid IP subnet.`);
  const canonical = canonicalCidr(cidr);
  if (canonical !== text) {
    throw badRequest(
      `Invalid input for cidr. Reason: '${text}' isn't a recommended CIDR, use '${canonical}' instead.`,
    );
  }
  if (cidr.prefix > 30) throw badRequest(`Invalid input for cidr. Reason: '${text}' is too small.`);
  return cidr;
}

export function defaultGateway(cidr: Cidr): string {
  return intToIp(cidr.network + 1);
}

/** Every address but the network, broadcast and gateway ones, split around the gateway. */
export function defaultPools(cidr: Cidr, gateway: string | null): AllocationPool[] {
  const first = cidr.network + 1;
  const last = cidr.network + size(cidr) - 2;
  const gw = gateway === null ? -1 : ipToInt(gateway);
  const pools: AllocationPool[] = [];
  if (gw >= first && gw <= last) {
    if (gw > first) pools.push({ start: intToIp(first), end: intToIp(gw - 1) });
    if (gw < last) pools.push({ start: intToIp(gw + 1), end: intToIp(last) });
  } else {
    pools.push({ start: intToIp(first), end: intToIp(last) });
  }
  return pools;
}

/** Checks requested pools: inside the CIDR, ordered, disjoint, and not holding the gateway. */
export function validatePools(cidr: Cidr, pools: AllocationPool[], gateway: string | null): void {
  const ranges = pools.map((pool) => {
    if (!isIPv4(pool.start) || !isIPv4(pool.end)) {
      throw badRequest(
        `Invalid input for allocation_pools. Reason: '${pool.start}-${pool.end}' is not a valid IP range.`,
      );
    }
    const start = ipToInt(pool.start);
    const end = ipToInt(pool.end);
    if (!cidrContains(cidr, pool.start) || !cidrContains(cidr, pool.end)) {
      throw badRequest(
        `The allocation pool ${pool.start}-${pool.end} spans beyond the subnet cidr ${canonicalCidr(cidr)}.`,
      );
    }
    if (start > end)
      throw badRequest(`The allocation pool ${pool.start}-${pool.end} is not valid.`);
    return { start, end, pool };
  });
  ranges.forEach((a, i) =>
    ranges.slice(i + 1).forEach((b) => {
      if (a.start <= b.end && b.start <= a.end) {
        throw badRequest(
          `Found overlapping allocation pools: ${a.pool.start}-${a.pool.end} and ${b.pool.start}-${b.pool.end}`,
        );
      }
    }),
  );
  if (gateway !== null) {
    const gw = ipToInt(gateway);
    const hit = ranges.find((range) => gw >= range.start && gw <= range.end);
    if (hit) {
      throw conflict(
        'GatewayConflictWithAllocationPools',
        `Gateway ip ${gateway} conflicts with allocation pool ${hit.pool.start}-${hit.pool.end}.`,
      );
    }
  }
}

/**
 * Addresses of the subnet held by ports and floating IPs. The gateway address is outside the
 * pools, so it is never handed out automatically, but a router interface may claim it.
 */
export function usedAddresses(site: SiteContext, subnet: SubnetBody): Set<string> {
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
export function nextFreeAddress(
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
