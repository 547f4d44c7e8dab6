import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import {
  securityGroupRuleSchema,
  securityGroupSchema,
  type SecurityGroup,
  type SecurityGroupRule,
} from './schemas.js';

/** https://docs.openstack.org/api-ref/network/v2/#list-security-groups */
export async function listSecurityGroups(
  client: Client,
  query: Query = {},
  options: CallOptions = {},
): Promise<SecurityGroup[]> {
  return paginate(client, 'network', '/v2.0/security-groups', {
    itemsKey: 'security_groups',
    query,
    parse: itemParser(securityGroupSchema, 'network', 'security group'),
    ...options,
  }).collect();
}

export interface CreateSecurityGroupRequest {
  name: string;
  description?: string;
  stateful?: boolean;
}

/** Neutron adds the default egress rules itself (201). https://docs.openstack.org/api-ref/network/v2/#create-security-group */
export async function createSecurityGroup(
  client: Client,
  group: CreateSecurityGroupRequest,
  options: CallOptions = {},
): Promise<SecurityGroup> {
  const response = await client.request('network', '/v2.0/security-groups', {
    method: 'POST',
    body: { security_group: group },
    expected: [201],
    ...options,
  });
  return parseResponse(
    z.object({ security_group: securityGroupSchema }),
    response.data,
    'network',
    'security group',
  ).security_group;
}

export interface CreateSecurityGroupRuleRequest {
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype?: 'IPv4' | 'IPv6';
  protocol?: string | number;
  port_range_min?: number;
  port_range_max?: number;
  remote_ip_prefix?: string;
  remote_group_id?: string;
  description?: string;
}

/**
 * 409 `SecurityGroupRuleExists` when the same rule is already there.
 * https://docs.openstack.org/api-ref/network/v2/#create-security-group-rule
 */
export async function createSecurityGroupRule(
  client: Client,
  rule: CreateSecurityGroupRuleRequest,
  options: CallOptions = {},
): Promise<SecurityGroupRule> {
  const response = await client.request('network', '/v2.0/security-group-rules', {
    method: 'POST',
    body: { security_group_rule: rule },
    expected: [201],
    ...options,
  });
  return parseResponse(
    z.object({ security_group_rule: securityGroupRuleSchema }),
    response.data,
    'network',
    'security group rule',
  ).security_group_rule;
}

/**
 * 204; 409 `SecurityGroupInUse` while a port still uses the group.
 * https://docs.openstack.org/api-ref/network/v2/#delete-security-group
 */
export async function deleteSecurityGroup(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('network', `/v2.0/security-groups/${segment(id)}`, {
    method: 'DELETE',
    expected: [204],
    ...options,
  });
}

/** https://docs.openstack.org/api-ref/network/v2/#delete-security-group-rule (204) */
export async function deleteSecurityGroupRule(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('network', `/v2.0/security-group-rules/${segment(id)}`, {
    method: 'DELETE',
    expected: [204],
    ...options,
  });
}
