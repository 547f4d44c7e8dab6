import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { badRequest } from './errors.js';

/**
 * Wire shapes of the Neutron resources, stored verbatim in the resource store (admin-only
 * attributes included; `render` strips them per caller).
 * https://docs.openstack.org/api-ref/network/v2/
 */

/** Attributes every resource with standard attributes carries (standard-attr-* extensions). */
export interface StandardAttrs {
  id: string;
  name: string;
  description: string;
  tenant_id: string;
  project_id: string;
  created_at: string;
  updated_at: string;
  revision_number: number;
  tags: string[];
}

export interface NetworkBody extends StandardAttrs {
  admin_state_up: boolean;
  status: 'ACTIVE' | 'DOWN';
  shared: boolean;
  'router:external': boolean;
  mtu: number;
  subnets: string[];
  availability_zone_hints: string[];
  availability_zones: string[];
  port_security_enabled: boolean;
  ipv4_address_scope: string | null;
  ipv6_address_scope: string | null;
  l2_adjacency: boolean;
  is_default: boolean;
  qos_policy_id: string | null;
  vlan_transparent: boolean;
  'provider:network_type': string;
  'provider:physical_network': string | null;
  'provider:segmentation_id': number | null;
}

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

export interface SecurityGroupBody extends StandardAttrs {
  stateful: boolean;
  shared: boolean;
}

export interface SecurityGroupRuleBody {
  id: string;
  tenant_id: string;
  project_id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  remote_address_group_id: string | null;
  normalized_cidr: string | null;
  /** null on the rules Neutron adds itself, "" (or the text given) on those users add. */
  description: string | null;
  belongs_to_default_sg: boolean;
  created_at: string;
  updated_at: string;
  revision_number: number;
}

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

export interface ExternalGatewayInfo {
  network_id: string;
  enable_snat: boolean;
  external_fixed_ips: FixedIp[];
}

export interface RouterBody extends StandardAttrs {
  admin_state_up: boolean;
  status: 'ACTIVE';
  external_gateway_info: ExternalGatewayInfo | null;
  routes: HostRoute[];
  availability_zone_hints: string[];
  availability_zones: string[];
  distributed: boolean;
  ha: boolean;
  flavor_id: string | null;
  enable_ndp_proxy: boolean;
}

/** Store kinds; prefixed so they never collide with other services' kinds. */
export const KINDS = {
  network: 'neutron.network',
  subnet: 'neutron.subnet',
  port: 'neutron.port',
  securityGroup: 'neutron.security_group',
  securityGroupRule: 'neutron.security_group_rule',
  floatingIp: 'neutron.floatingip',
  router: 'neutron.router',
  quota: 'neutron.quota',
  /** Ports a user created and handed to Nova: Nova unbinds rather than deletes them. */
  preexistingPort: 'neutron.preexisting_port',
} as const;

/** Neutron prints timestamps without fractions: 2016-03-08T20:19:41Z. */
export function timestamp(site: SiteContext): string {
  return site
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Fields of a newly created resource with standard attributes. */
/** The attributes every Neutron resource has, with neutron's defaults for the optional ones. */
export function standardAttrs(
  site: SiteContext,
  fields: { id?: string; projectId: string; name?: string; description?: string; tags?: string[] },
): StandardAttrs {
  const at = timestamp(site);
  return {
    id: fields.id ?? uuid(),
    name: fields.name ?? '',
    description: fields.description ?? '',
    tenant_id: fields.projectId,
    project_id: fields.projectId,
    created_at: at,
    updated_at: at,
    revision_number: 1,
    tags: fields.tags ?? [],
  };
}

/** Every change bumps revision_number and updated_at (standard-attr-revisions). */
export function bump<T extends { revision_number: number; updated_at: string }>(
  site: SiteContext,
  body: T,
): T {
  return { ...body, revision_number: body.revision_number + 1, updated_at: timestamp(site) };
}

/** Stores a changed resource, bumping its revision. */
export function save<T extends { id: string; revision_number: number; updated_at: string }>(
  site: SiteContext,
  kind: string,
  body: T,
): T {
  const next = bump(site, body);
  site.store.put(kind, body.id, next, site.now());
  return next;
}

export function insert<T extends { id: string; project_id: string }>(
  site: SiteContext,
  kind: string,
  body: T,
): T {
  site.store.insert(kind, body.id, body.project_id || null, body, site.now());
  return body;
}

/** The project a create request is for: the caller's, or another one when an admin says so. */
export function owningProject(
  auth: AuthContext,
  body: { project_id?: string | undefined; tenant_id?: string | undefined },
): string {
  const { project_id: projectId, tenant_id: tenantId } = body;
  if (projectId !== undefined && tenantId !== undefined && projectId !== tenantId) {
    throw badRequest("'project_id' and 'tenant_id' do not match");
  }
  const requested = projectId ?? tenantId;
  if (requested === undefined || requested === auth.projectId) return auth.projectId;
  // neutron/api/v2/base.py: only admins may create on behalf of another project.
  if (!auth.isAdmin) {
    throw badRequest(
      "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges",
    );
  }
  return requested;
}

/** True when the caller owns the resource (or is admin, who owns everything as far as policy goes). */
export function owns(auth: AuthContext, body: { project_id: string }): boolean {
  return auth.isAdmin || body.project_id === auth.projectId;
}
