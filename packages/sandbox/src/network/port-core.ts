import { randomBytes } from 'node:crypto';
import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { conflict, notFound } from './errors.js';
import { allocateFixedIps } from './ipam.js';
import {
  KINDS,
  insert,
  save,
  standardAttrs,
  type FixedIp,
  type FloatingIpBody,
  type NetworkBody,
  type PortBody,
  type SecurityGroupBody,
} from './model.js';
import { checkQuota } from './quotas.js';
import type { ResourceDef } from './resource.js';
import { ensureDefaultGroup } from './security-groups.js';
import { subnetsOf } from './subnets.js';

/**
 * Ports as ML2 keeps them: addresses from IPAM, a fa:16:3e MAC, security groups, port binding.
 * Shared by the REST routes, the router interfaces and Nova's contract.
 * https://docs.openstack.org/api-ref/network/v2/#ports
 */
const ADMIN_ONLY = [
  'binding:host_id',
  'binding:profile',
  'binding:vif_type',
  'binding:vif_details',
];

export const PORT_ATTRIBUTES = [
  'id',
  'name',
  'description',
  'tenant_id',
  'project_id',
  'created_at',
  'updated_at',
  'revision_number',
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
  ...ADMIN_ONLY,
] as const;

/** Device owners of ports neutron itself manages (routers, floating IPs, DHCP). */
export const ROUTER_INTERFACE = 'network:router_interface';
export const ROUTER_GATEWAY = 'network:router_gateway';

/** Policy get_port: admin, port owner, or owner of the port's network. */
function portVisible(site: SiteContext, auth: AuthContext, body: PortBody): boolean {
  if (auth.isAdmin || body.project_id === auth.projectId) return true;
  return site.store.get<NetworkBody>(KINDS.network, body.network_id)?.project_id === auth.projectId;
}

export const PORTS: ResourceDef<PortBody> = {
  kind: KINDS.port,
  singular: 'port',
  plural: 'ports',
  path: 'ports',
  attributes: PORT_ATTRIBUTES,
  notFound: notFound.port,
  visible: portVisible,
  render: (_site, auth, body) => {
    if (auth.isAdmin) return { ...body };
    return Object.fromEntries(Object.entries(body).filter(([key]) => !ADMIN_ONLY.includes(key)));
  },
};

/** OpenStack's MAC prefix followed by three random octets, unique on the network. */
function macAddress(site: SiteContext, networkId: string): string {
  const used = new Set(
    site.store
      .list<PortBody>(KINDS.port)
      .filter((port) => port.network_id === networkId)
      .map((port) => port.mac_address),
  );
  for (;;) {
    const mac = `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
    if (!used.has(mac)) return mac;
  }
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

/** Resolves security group ids/names of the port's project; 404 for unknown ones. */
export function resolveSecurityGroups(
  site: SiteContext,
  projectId: string,
  ids: string[],
): string[] {
  return ids.map((id) => {
    const group = site.store.get<SecurityGroupBody>(KINDS.securityGroup, id);
    if (!group || (projectId !== '' && group.project_id !== projectId))
      throw notFound.securityGroup(id);
    return group.id;
  });
}

/** Creates a port (in the caller's transaction): quota, IPAM, MAC, security groups, binding. */
export function createPort(site: SiteContext, spec: NewPort): PortBody {
  const { network } = spec;
  if (!spec.skipQuota) checkQuota(site, spec.projectId, 'port');
  const deviceOwner = spec.deviceOwner ?? '';
  const portSecurity = spec.portSecurityEnabled ?? network.port_security_enabled;
  // Neutron-owned ports carry no security groups; others get the default group unless told.
  let groups: string[] = [];
  if (spec.securityGroups !== undefined) {
    groups = resolveSecurityGroups(site, spec.projectId, spec.securityGroups);
  } else if (portSecurity && !deviceOwner.startsWith('network:') && spec.projectId !== '') {
    groups = [ensureDefaultGroup(site, spec.projectId).id];
  }
  if (!portSecurity && groups.length > 0) {
    throw conflict(
      'PortSecurityAndIPRequiredForSecurityGroups',
      'Port security must be enabled and port must have an IP address in order to use security groups.',
    );
  }
  if (spec.macAddress !== undefined) {
    const taken = site.store
      .list<PortBody>(KINDS.port)
      .some((port) => port.network_id === network.id && port.mac_address === spec.macAddress);
    if (taken) {
      throw conflict(
        'MacAddressInUse',
        `Unable to complete operation for network ${network.id}. The mac address ${spec.macAddress} is in use.`,
      );
    }
  }
  const fixedIps: FixedIp[] = allocateFixedIps(
    site,
    network.id,
    subnetsOf(site, network),
    spec.fixedIps,
  );
  const mac = spec.macAddress ?? macAddress(site, network.id);
  const port: PortBody = {
    ...standardAttrs(site, { ...spec, id: uuid() }),
    network_id: network.id,
    admin_state_up: spec.adminStateUp ?? true,
    status: 'DOWN',
    mac_address: mac,
    fixed_ips: fixedIps,
    device_id: spec.deviceId ?? '',
    device_owner: deviceOwner,
    security_groups: groups,
    port_security_enabled: portSecurity,
    allowed_address_pairs: (spec.allowedAddressPairs ?? []).map((pair) => ({
      ip_address: pair.ip_address,
      mac_address: pair.mac_address ?? mac,
    })),
    extra_dhcp_opts: [],
    ip_allocation: 'immediate',
    propagate_uplink_status: false,
    qos_policy_id: null,
    qos_network_policy_id: null,
    'binding:vnic_type': spec.vnicType ?? 'normal',
    'binding:host_id': '',
    'binding:profile': spec.profile ?? {},
    'binding:vif_type': 'unbound',
    'binding:vif_details': {},
    ...bindingFor(site, deviceOwner, spec.hostId),
  };
  return insert(site, KINDS.port, port);
}

/** Floating IPs pointing at the port lose their association (port deleted or unbound). */
export function disassociatePortFloatingIps(site: SiteContext, portId: string): void {
  for (const fip of site.store.list<FloatingIpBody>(KINDS.floatingIp)) {
    if (fip.port_id !== portId) continue;
    save(site, KINDS.floatingIp, {
      ...fip,
      port_id: null,
      fixed_ip_address: null,
      router_id: null,
      status: 'DOWN',
      port_details: null,
    } satisfies FloatingIpBody);
  }
}

/** Deletes a port, disassociating its floating IPs first. */
export function removePort(site: SiteContext, port: PortBody): void {
  disassociatePortFloatingIps(site, port.id);
  site.store.delete(KINDS.port, port.id);
  site.store.delete(KINDS.preexistingPort, port.id);
}
