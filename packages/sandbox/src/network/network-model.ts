import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { sha256Hex, uuid } from '../site/ids.js';
import { STANDARD_ATTRIBUTES, standardAttrs, type StandardAttrs } from './standard-attr-model.js';

/**
 * Networks (core API + external-net, provider, mtu, port-security, availability zones).
 * https://docs.openstack.org/api-ref/network/v2/#networks
 */
export const NETWORK_ADMIN_ONLY = [
  'provider:network_type',
  'provider:physical_network',
  'provider:segmentation_id',
];

export const NETWORK_ATTRIBUTES = [
  ...STANDARD_ATTRIBUTES,
  'admin_state_up',
  'status',
  'shared',
  'router:external',
  'mtu',
  'subnets',
  'availability_zones',
  'port_security_enabled',
  'is_default',
  'qos_policy_id',
  'vlan_transparent',
  'l2_adjacency',
  'ipv4_address_scope',
  'ipv6_address_scope',
  ...NETWORK_ADMIN_ONLY,
] as const;

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

/** Policy get_network: own, shared, or external (everyone may allocate floating IPs from it). */
export function networkVisible(auth: AuthContext, body: NetworkBody): boolean {
  return (
    auth.isAdmin || body.project_id === auth.projectId || body.shared || body['router:external']
  );
}

export interface NewNetwork {
  id?: string;
  projectId: string;
  name?: string;
  description?: string;
  shared?: boolean;
  external?: boolean;
  adminStateUp?: boolean;
  mtu?: number;
  portSecurityEnabled?: boolean;
  availabilityZoneHints?: string[];
  providerType?: string;
  physicalNetwork?: string | null;
  segmentationId?: number | null;
  isDefault?: boolean;
  tags?: string[];
}

/** A network body as ML2/OVN with VXLAN tenant networks and a flat provider network would give it. */
export function buildNetwork(site: SiteContext, spec: NewNetwork): NetworkBody {
  const id = spec.id ?? uuid();
  const external = spec.external ?? false;
  const type = spec.providerType ?? (external ? 'flat' : 'vxlan');
  return {
    ...standardAttrs(site, { ...spec, id }),
    admin_state_up: spec.adminStateUp ?? true,
    status: 'ACTIVE',
    shared: spec.shared ?? false,
    'router:external': external,
    mtu: spec.mtu ?? (type === 'vxlan' ? 1450 : 1500),
    subnets: [],
    availability_zone_hints: spec.availabilityZoneHints ?? [],
    availability_zones: ['nova'],
    port_security_enabled: spec.portSecurityEnabled ?? true,
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    l2_adjacency: true,
    is_default: spec.isDefault ?? false,
    qos_policy_id: null,
    vlan_transparent: false,
    'provider:network_type': type,
    'provider:physical_network':
      spec.physicalNetwork ?? (type === 'flat' || type === 'vlan' ? 'public' : null),
    // A VNI derived from the id, so networks keep theirs across restarts.
    'provider:segmentation_id':
      spec.segmentationId !== undefined
        ? spec.segmentationId
        : type === 'flat'
          ? null
          : 1 + (parseInt(sha256Hex(id).slice(0, 6), 16) % 16_000_000),
  };
}
