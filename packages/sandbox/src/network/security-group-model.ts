import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { canonicalCidr, parseCidr } from './ipam-model.js';
import { STANDARD_ATTRIBUTES, revisionAttrs, type StandardAttrs } from './standard-attr-model.js';
import { ownerAttrs } from './standard-attr-view.js';

/**
 * Security groups and their rules (security-group extension).
 * https://docs.openstack.org/api-ref/network/v2/#security-groups-security-groups
 * https://docs.openstack.org/api-ref/network/v2/#security-group-rules-security-group-rules
 */
export const SECURITY_GROUP_ATTRIBUTES = [...STANDARD_ATTRIBUTES, 'stateful', 'shared'] as const;

export const RULE_ATTRIBUTES = [
  ...STANDARD_ATTRIBUTES.filter((name) => name !== 'name'),
  'security_group_id',
  'direction',
  'ethertype',
  'protocol',
  'port_range_min',
  'port_range_max',
  'remote_ip_prefix',
  'remote_group_id',
  'remote_address_group_id',
  'normalized_cidr',
  'belongs_to_default_sg',
] as const;

export interface SecurityGroupBody extends StandardAttrs {
  stateful: boolean;
  shared: boolean;
}

/** Rules are standard-attr resources too, but without name and tags. */
export interface SecurityGroupRuleBody extends Pick<
  StandardAttrs,
  'id' | 'tenant_id' | 'project_id' | 'created_at' | 'updated_at' | 'revision_number'
> {
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
}

/** A rule of the group; neutron numbers a new rule revision 0. */
export function buildRule(
  site: SiteContext,
  group: SecurityGroupBody,
  rule: Partial<SecurityGroupRuleBody> & Pick<SecurityGroupRuleBody, 'direction' | 'ethertype'>,
  id = uuid(),
): SecurityGroupRuleBody {
  const remoteIpPrefix = rule.remote_ip_prefix ?? null;
  return {
    id,
    ...ownerAttrs(group.project_id),
    security_group_id: group.id,
    direction: rule.direction,
    ethertype: rule.ethertype,
    protocol: rule.protocol ?? null,
    port_range_min: rule.port_range_min ?? null,
    port_range_max: rule.port_range_max ?? null,
    remote_ip_prefix: remoteIpPrefix,
    remote_group_id: rule.remote_group_id ?? null,
    remote_address_group_id: null,
    normalized_cidr: remoteIpPrefix === null ? null : normalizeCidr(remoteIpPrefix),
    description: rule.description === undefined ? '' : rule.description,
    belongs_to_default_sg: group.name === 'default',
    ...revisionAttrs(site, 0),
  };
}

/** IP protocol names neutron accepts (neutron-lib constants.IP_PROTOCOL_MAP). */
export const PROTOCOLS: Record<string, number> = {
  ah: 51,
  dccp: 33,
  egp: 8,
  esp: 50,
  gre: 47,
  hopopt: 0,
  icmp: 1,
  icmpv6: 58,
  igmp: 2,
  ipip: 4,
  'ipv6-encap': 41,
  'ipv6-frag': 44,
  'ipv6-icmp': 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  'ipv6-route': 43,
  ospf: 89,
  pgm: 113,
  rsvp: 46,
  sctp: 132,
  tcp: 6,
  udp: 17,
  udplite: 136,
  vrrp: 112,
};

export function protocolNumber(protocol: string | null): number | null {
  if (protocol === null) return null;
  return PROTOCOLS[protocol] ?? Number(protocol);
}

function normalizeCidr(prefix: string): string {
  const cidr = parseCidr(prefix);
  return cidr ? canonicalCidr(cidr) : prefix.toLowerCase();
}

/** 0.0.0.0/0 and ::/0 mean the same as no prefix when neutron looks for duplicates. */
function remoteKey(prefix: string | null): string | null {
  if (prefix === null) return null;
  const normalized = normalizeCidr(prefix);
  return normalized === '0.0.0.0/0' || normalized === '::/0' ? null : normalized;
}

/** Whether neutron would call the two rules duplicates (SecurityGroupRuleExists). */
export function sameRule(a: SecurityGroupRuleBody, b: SecurityGroupRuleBody): boolean {
  return (
    a.direction === b.direction &&
    a.ethertype === b.ethertype &&
    protocolNumber(a.protocol) === protocolNumber(b.protocol) &&
    a.port_range_min === b.port_range_min &&
    a.port_range_max === b.port_range_max &&
    remoteKey(a.remote_ip_prefix) === remoteKey(b.remote_ip_prefix) &&
    a.remote_group_id === b.remote_group_id
  );
}
