import type { AuthContext } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { NeutronError, badRequestFor, conflict, notFound, policyError } from './errors.js';
import type { FloatingIpBody } from './floating-ip-model.js';
import { cidrContains, parseCidr } from './ipam-model.js';
import { networkVisible, type NetworkBody } from './network-model.js';
import { ROUTER_GATEWAY, ROUTER_INTERFACE, type PortBody } from './port-model.js';
import { createPort, removePort } from './port-store.js';
import { KINDS } from './resource-store.js';
import type { ExternalGatewayInfo, GatewayRequest, RouterBody } from './router-model.js';
import type { HostRoute, SubnetBody } from './subnet-model.js';

export function routerPorts(site: SiteContext, routerId: string, owner: string): PortBody[] {
  return site.store
    .list<PortBody>(KINDS.port)
    .filter((port) => port.device_id === routerId && port.device_owner === owner);
}

/** The router that connects the subnet to the external network, as floating IPs need one. */
export function routerForSubnet(
  site: SiteContext,
  subnetId: string,
  externalNetworkId: string,
): RouterBody | undefined {
  for (const port of site.store.list<PortBody>(KINDS.port)) {
    if (
      port.device_owner !== ROUTER_INTERFACE ||
      !port.fixed_ips.some((ip) => ip.subnet_id === subnetId)
    )
      continue;
    const router = site.store.get<RouterBody>(KINDS.router, port.device_id);
    if (router?.external_gateway_info?.network_id === externalNetworkId) return router;
  }
  return undefined;
}

/**
 * Sets, changes or clears the router's gateway: a network:router_gateway port (owned by no project,
 * as in neutron) on the external network.
 */
export function setGateway(
  site: SiteContext,
  auth: AuthContext | undefined,
  router: RouterBody,
  request: GatewayRequest | null,
): RouterBody {
  const current = router.external_gateway_info;
  if (request === null || (current && current.network_id !== request.network_id)) {
    if (current) {
      const inUse = site.store
        .list<FloatingIpBody>(KINDS.floatingIp)
        .some((fip) => fip.router_id === router.id);
      if (inUse) {
        throw conflict(
          'RouterExternalGatewayInUseByFloatingIp',
          `Gateway cannot be updated for router ${router.id}, since a gateway to external network ${current.network_id} is required by one or more floating IPs.`,
        );
      }
      for (const port of routerPorts(site, router.id, ROUTER_GATEWAY)) removePort(site, port);
    }
    if (request === null) return { ...router, external_gateway_info: null };
  }
  if (auth && !auth.isAdmin) {
    if (request.enable_snat !== undefined)
      throw policyError('update_router:external_gateway_info:enable_snat');
    if (request.external_fixed_ips !== undefined)
      throw policyError('update_router:external_gateway_info:external_fixed_ips');
  }
  const network = site.store.get<NetworkBody>(KINDS.network, request.network_id);
  if (!network || (auth && !networkVisible(auth, network))) {
    throw notFound.network(request.network_id);
  }
  if (!network['router:external'])
    throw badRequestFor('router', `Network ${network.id} is not a valid external network`);
  let gatewayIps = current?.network_id === network.id ? current.external_fixed_ips : undefined;
  if (!gatewayIps) {
    const port = createPort(site, {
      projectId: '',
      network,
      fixedIps: request.external_fixed_ips,
      deviceId: router.id,
      deviceOwner: ROUTER_GATEWAY,
      skipQuota: true,
    });
    gatewayIps = port.fixed_ips;
  }
  const info: ExternalGatewayInfo = {
    network_id: network.id,
    enable_snat: request.enable_snat ?? current?.enable_snat ?? true,
    external_fixed_ips: gatewayIps,
  };
  return { ...router, external_gateway_info: info };
}

/** Plugs the router into a subnet: a new port holding the subnet's gateway address. */
export function addInterfaceOnSubnet(
  site: SiteContext,
  router: RouterBody,
  subnet: SubnetBody,
): PortBody {
  if (subnet.gateway_ip === null)
    throw badRequestFor('router', 'Subnet for router interface must have a gateway IP');
  const onSubnet = routerPorts(site, router.id, ROUTER_INTERFACE).some((port) =>
    port.fixed_ips.some((ip) => ip.subnet_id === subnet.id),
  );
  if (onSubnet) throw badRequestFor('router', `Router already has a port on subnet ${subnet.id}`);
  const network = site.store.get<NetworkBody>(KINDS.network, subnet.network_id);
  if (!network) throw notFound.network(subnet.network_id);
  return createPort(site, {
    projectId: router.project_id,
    network,
    fixedIps: [{ subnet_id: subnet.id, ip_address: subnet.gateway_ip }],
    deviceId: router.id,
    deviceOwner: ROUTER_INTERFACE,
    securityGroups: [],
  });
}

/** Extra routes must go through one of the router's interface subnets (InvalidRoutes). */
export function validateRoutes(site: SiteContext, router: RouterBody, routes: HostRoute[]): void {
  const cidrs = routerPorts(site, router.id, ROUTER_INTERFACE)
    .flatMap((port) => port.fixed_ips)
    .flatMap((ip) => {
      const cidr = parseCidr(site.store.get<SubnetBody>(KINDS.subnet, ip.subnet_id)?.cidr ?? '');
      return cidr ? [cidr] : [];
    });
  for (const route of routes) {
    if (!parseCidr(route.destination)) {
      throw new NeutronError(
        400,
        'InvalidInput',
        `Invalid input for routes. Reason: '${route.destination}' is not a valid IP subnet.`,
      );
    }
    if (!cidrs.some((cidr) => cidrContains(cidr, route.nexthop))) {
      throw new NeutronError(
        400,
        'InvalidRoutes',
        `Invalid format for routes: [${JSON.stringify(route)}], the nexthop is not connected with router`,
      );
    }
  }
}
