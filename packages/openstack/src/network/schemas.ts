import { z } from 'zod';

/**
 * Neutron response shapes; only the fields callers rely on are checked.
 * https://docs.openstack.org/api-ref/network/v2/
 */

export const networkSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string().optional(),
    admin_state_up: z.boolean().optional(),
    shared: z.boolean().optional(),
    'router:external': z.boolean().optional(),
    project_id: z.string().optional(),
    tenant_id: z.string().optional(),
    subnets: z.array(z.string()).optional(),
    mtu: z.number().optional(),
  })
  .loose();

export type Network = z.infer<typeof networkSchema>;

export const subnetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    network_id: z.string(),
    cidr: z.string(),
    ip_version: z.number(),
    gateway_ip: z.string().nullish(),
    enable_dhcp: z.boolean().optional(),
    dns_nameservers: z.array(z.string()).optional(),
    project_id: z.string().optional(),
  })
  .loose();

export type Subnet = z.infer<typeof subnetSchema>;

export const securityGroupRuleSchema = z
  .object({
    id: z.string(),
    security_group_id: z.string(),
    direction: z.string(),
    ethertype: z.string().optional(),
    protocol: z.string().nullish(),
    port_range_min: z.number().nullish(),
    port_range_max: z.number().nullish(),
    remote_ip_prefix: z.string().nullish(),
    remote_group_id: z.string().nullish(),
    description: z.string().nullish(),
  })
  .loose();

export type SecurityGroupRule = z.infer<typeof securityGroupRuleSchema>;

export const securityGroupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    project_id: z.string().optional(),
    stateful: z.boolean().optional(),
    security_group_rules: z.array(securityGroupRuleSchema).optional(),
  })
  .loose();

export type SecurityGroup = z.infer<typeof securityGroupSchema>;

export const floatingIpSchema = z
  .object({
    id: z.string(),
    floating_ip_address: z.string().nullish(),
    floating_network_id: z.string(),
    fixed_ip_address: z.string().nullish(),
    port_id: z.string().nullish(),
    router_id: z.string().nullish(),
    status: z.string().optional(),
    project_id: z.string().optional(),
    description: z.string().nullish(),
    // A standard attribute (`2024-01-03T10:00:00Z`); accounting counts addresses held by then.
    created_at: z.string().optional(),
  })
  .loose();

export type FloatingIp = z.infer<typeof floatingIpSchema>;

export const portSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    network_id: z.string(),
    device_id: z.string().optional(),
    device_owner: z.string().optional(),
    status: z.string().optional(),
    mac_address: z.string().optional(),
    fixed_ips: z
      .array(z.object({ subnet_id: z.string(), ip_address: z.string() }).loose())
      .optional(),
    security_groups: z.array(z.string()).optional(),
    project_id: z.string().optional(),
  })
  .loose();

export type Port = z.infer<typeof portSchema>;

/** `GET /v2.0/quotas/{project_id}`: limits keyed by Neutron's singular resource names. */
export const networkQuotaSchema = z
  .object({
    network: z.number().optional(),
    subnet: z.number().optional(),
    port: z.number().optional(),
    router: z.number().optional(),
    floatingip: z.number().optional(),
    security_group: z.number().optional(),
    security_group_rule: z.number().optional(),
  })
  .loose();

export type NetworkQuota = z.infer<typeof networkQuotaSchema>;
