import { STANDARD_ATTRIBUTES, type StandardAttrs } from './standard-attr-model.js';

/**
 * Floating IPs: addresses of an external network's subnet, NATed by the router that links the
 * external network to the subnet of the associated port.
 * https://docs.openstack.org/api-ref/network/v2/#floating-ips-floatingips
 */
export const FLOATING_IP_ATTRIBUTES = [
  ...STANDARD_ATTRIBUTES.filter((name) => name !== 'name'),
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

export interface PortDetails {
  name: string;
  network_id: string;
  mac_address: string;
  admin_state_up: boolean;
  status: string;
  device_id: string;
  device_owner: string;
}

export interface FloatingIpBody extends Omit<StandardAttrs, 'name'> {
  floating_ip_address: string;
  floating_network_id: string;
  router_id: string | null;
  port_id: string | null;
  fixed_ip_address: string | null;
  status: 'ACTIVE' | 'DOWN';
  port_details: PortDetails | null;
  dns_domain: string;
  dns_name: string;
  qos_policy_id: string | null;
  port_forwardings: unknown[];
}

/** The floating IP without its port (port deleted, unbound or let go). */
export function disassociated(fip: FloatingIpBody): FloatingIpBody {
  return {
    ...fip,
    port_id: null,
    fixed_ip_address: null,
    router_id: null,
    status: 'DOWN',
    port_details: null,
  };
}
