export {
  createFloatingIp,
  deleteFloatingIp,
  listFloatingIps,
  type CreateFloatingIpRequest,
} from './floating-ips.js';
export { getNetwork, listNetworks, listSubnets } from './networks.js';
export {
  floatingIpSchema,
  networkSchema,
  securityGroupRuleSchema,
  securityGroupSchema,
  subnetSchema,
  type FloatingIp,
  type Network,
  type SecurityGroup,
  type SecurityGroupRule,
  type Subnet,
} from './schemas.js';
export {
  createSecurityGroup,
  createSecurityGroupRule,
  listSecurityGroups,
  type CreateSecurityGroupRequest,
  type CreateSecurityGroupRuleRequest,
} from './security-groups.js';
