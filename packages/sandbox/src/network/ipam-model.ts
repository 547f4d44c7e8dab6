import { isIPv4 } from 'node:net';
import { badRequest, conflict } from './errors.js';
import type { AllocationPool } from './subnet-model.js';

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
