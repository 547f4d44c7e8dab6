import { STANDARD_ATTRIBUTES, type StandardAttrs } from './standard-attr-model.js';

/**
 * Subnets (IPv4 only in the sandbox).
 * https://docs.openstack.org/api-ref/network/v2/#subnets
 */
export const SUBNET_ATTRIBUTES = [
  ...STANDARD_ATTRIBUTES,
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

export interface AllocationPool {
  start: string;
  end: string;
}

export interface HostRoute {
  destination: string;
  nexthop: string;
}

export interface SubnetBody extends StandardAttrs {
  network_id: string;
  ip_version: 4 | 6;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: AllocationPool[];
  enable_dhcp: boolean;
  dns_nameservers: string[];
  host_routes: HostRoute[];
  ipv6_address_mode: string | null;
  ipv6_ra_mode: string | null;
  segment_id: string | null;
  subnetpool_id: string | null;
  service_types: string[];
  dns_publish_fixed_ip: boolean;
}
