export {
  createFloatingIp,
  deleteFloatingIp,
  listFloatingIps,
  updateFloatingIp,
  type CreateFloatingIpRequest,
} from './floating-ips.js';
export { getNetwork, listNetworks, listSubnets } from './networks.js';
export { createPort, deletePort, getPort, listPorts, type CreatePortRequest } from './ports.js';
export { getNetworkQuotas } from './quotas.js';
export {
  floatingIpSchema,
  networkQuotaSchema,
  networkSchema,
  portSchema,
  securityGroupRuleSchema,
  securityGroupSchema,
  subnetSchema,
  type FloatingIp,
  type Network,
  type NetworkQuota,
  type Port,
  type SecurityGroup,
  type SecurityGroupRule,
  type Subnet,
} from './schemas.js';
export {
  createSecurityGroup,
  createSecurityGroupRule,
  deleteSecurityGroup,
  deleteSecurityGroupRule,
  listSecurityGroups,
  type CreateSecurityGroupRequest,
  type CreateSecurityGroupRuleRequest,
} from './security-groups.js';
