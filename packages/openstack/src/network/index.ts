export {
  createFloatingIp,
  deleteFloatingIp,
  listFloatingIps,
  updateFloatingIp,
  type CreateFloatingIpRequest,
} from './floating-ips.js';
export { getNetwork, listNetworks, listPorts, listSubnets } from './networks.js';
export {
  floatingIpSchema,
  networkSchema,
  portSchema,
  securityGroupRuleSchema,
  securityGroupSchema,
  subnetSchema,
  type FloatingIp,
  type Network,
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
