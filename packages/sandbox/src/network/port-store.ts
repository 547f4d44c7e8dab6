import { randomBytes } from 'node:crypto';
import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { conflict, notFound } from './errors.js';
import { disassociated, type FloatingIpBody } from './floating-ip-model.js';
import { allocateFixedIps } from './ipam-store.js';
import type { NetworkBody } from './network-model.js';
import { bindingFor, type FixedIp, type NewPort, type PortBody } from './port-model.js';
import { checkQuota } from './quota-store.js';
import { KINDS, insert, save } from './resource-store.js';
import type { SecurityGroupBody } from './security-group-model.js';
import { ensureDefaultGroup } from './security-group-store.js';
import { standardAttrs } from './standard-attr-model.js';
import { subnetsOf } from './subnet-store.js';

/** Policy get_port: admin, port owner, or owner of the port's network. */
export function portVisible(site: SiteContext, auth: AuthContext, body: PortBody): boolean {
  if (auth.isAdmin || body.project_id === auth.projectId) return true;
  return site.store.get<NetworkBody>(KINDS.network, body.network_id)?.project_id === auth.projectId;
}

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
function disassociatePortFloatingIps(site: SiteContext, portId: string): void {
  for (const fip of site.store.list<FloatingIpBody>(KINDS.floatingIp)) {
    if (fip.port_id !== portId) continue;
    save(site, KINDS.floatingIp, disassociated(fip));
  }
}

/** Deletes a port, disassociating its floating IPs first. */
export function removePort(site: SiteContext, port: PortBody): void {
  disassociatePortFloatingIps(site, port.id);
  site.store.delete(KINDS.port, port.id);
  site.store.delete(KINDS.preexistingPort, port.id);
}

/** A floating IP whose fixed address left the port loses its association. */
export function releaseStaleFloatingIps(site: SiteContext, port: PortBody): void {
  const addresses = new Set(port.fixed_ips.map((ip) => ip.ip_address));
  const stale = site.store
    .list<FloatingIpBody>(KINDS.floatingIp)
    .some(
      (fip) =>
        fip.port_id === port.id &&
        fip.fixed_ip_address !== null &&
        !addresses.has(fip.fixed_ip_address),
    );
  if (stale) disassociatePortFloatingIps(site, port.id);
}
