import type { SiteContext } from '../site/context.js';
import type { NetworkBody } from './network-model.js';
import { STANDARD_ATTRIBUTES, type StandardAttrs } from './standard-attr-model.js';

/**
 * Ports as ML2 keeps them: addresses from IPAM, a fa:16:3e MAC, security groups, port binding.
 * Shared by the REST routes, the router interfaces and Nova's contract.
 * https://docs.openstack.org/api-ref/network/v2/#ports
 */
export const PORT_ADMIN_ONLY = [
  'binding:host_id',
  'binding:profile',
  'binding:vif_type',
  'binding:vif_details',
];

export const PORT_ATTRIBUTES = [
  ...STANDARD_ATTRIBUTES,
  'network_id',
  'admin_state_up',
  'status',
  'mac_address',
  'fixed_ips',
  'device_id',
  'device_owner',
  'security_groups',
  'port_security_enabled',
  'ip_allocation',
  'binding:vnic_type',
  'qos_policy_id',
  ...PORT_ADMIN_ONLY,
] as const;

/** Device owners of ports neutron itself manages (routers, floating IPs, DHCP). */
export const ROUTER_INTERFACE = 'network:router_interface';
export const ROUTER_GATEWAY = 'network:router_gateway';

export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

export interface PortBody extends StandardAttrs {
  network_id: string;
  admin_state_up: boolean;
  status: 'ACTIVE' | 'DOWN' | 'BUILD';
  mac_address: string;
  fixed_ips: FixedIp[];
  device_id: string;
  device_owner: string;
  security_groups: string[];
  port_security_enabled: boolean;
  allowed_address_pairs: { ip_address: string; mac_address: string }[];
  extra_dhcp_opts: unknown[];
  ip_allocation: 'immediate';
  propagate_uplink_status: boolean;
  qos_policy_id: string | null;
  qos_network_policy_id: string | null;
  'binding:vnic_type': string;
  'binding:host_id': string;
  'binding:profile': Record<string, unknown>;
  'binding:vif_type': string;
  'binding:vif_details': Record<string, unknown>;
}

/** Binding attributes and status for a device owner: bound ports are ACTIVE, unbound DOWN. */
export function bindingFor(
  site: SiteContext,
  deviceOwner: string,
  hostId?: string,
): Partial<PortBody> {
  if (deviceOwner === '') {
    return {
      status: 'DOWN',
      'binding:host_id': hostId ?? '',
      'binding:vif_type': 'unbound',
      'binding:vif_details': {},
    };
  }
  const host =
    hostId ??
    (deviceOwner.startsWith('compute:')
      ? `${site.spec.name.toLowerCase()}-compute-1`
      : `${site.spec.name.toLowerCase()}-network-1`);
  return {
    status: 'ACTIVE',
    'binding:host_id': host,
    'binding:vif_type': 'ovs',
    'binding:vif_details': {
      port_filter: true,
      connectivity: 'l2',
      bridge_name: 'br-int',
      datapath_type: 'system',
    },
  };
}

export interface NewPort {
  projectId: string;
  network: NetworkBody;
  fixedIps?: { subnet_id?: string | undefined; ip_address?: string | undefined }[] | undefined;
  name?: string | undefined;
  description?: string | undefined;
  adminStateUp?: boolean | undefined;
  macAddress?: string | undefined;
  deviceId?: string | undefined;
  deviceOwner?: string | undefined;
  /** undefined: the project's default group (when port security is on). */
  securityGroups?: string[] | undefined;
  portSecurityEnabled?: boolean | undefined;
  allowedAddressPairs?: { ip_address: string; mac_address?: string | undefined }[] | undefined;
  vnicType?: string | undefined;
  hostId?: string | undefined;
  profile?: Record<string, unknown> | undefined;
  tags?: string[] | undefined;
  /** Neutron-owned ports (router gateway, floating IP) are not counted against a project. */
  skipQuota?: boolean;
}
