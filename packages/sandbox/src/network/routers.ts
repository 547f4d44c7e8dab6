import type { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import {
  readBody,
  readJson,
  validate,
  zBool,
  zDescription,
  zId,
  zName,
  zProject,
  zTags,
} from './body.js';
import { NeutronError, conflict, notFound, policyError } from './errors.js';
import { cidrContains, parseCidr } from './ipam.js';
import {
  KINDS,
  insert,
  owningProject,
  save,
  standardAttrs,
  type ExternalGatewayInfo,
  type FloatingIpBody,
  type HostRoute,
  type NetworkBody,
  type PortBody,
  type RouterBody,
  type SubnetBody,
} from './model.js';
import { NETWORKS } from './networks.js';
import {
  PORTS,
  ROUTER_GATEWAY,
  ROUTER_INTERFACE,
  bindingFor,
  createPort,
  removePort,
} from './port-core.js';
import { checkQuota } from './quotas.js';
import {
  findOwned,
  findVisible,
  registerReads,
  registerTags,
  type ResourceDef,
} from './resource.js';
import { SUBNETS } from './subnets.js';

/**
 * Routers (router extension, L3 with SNAT gateway).
 * https://docs.openstack.org/api-ref/network/v2/#routers-routers
 */
const ADMIN_ONLY = ['distributed', 'ha'];

export const ROUTER_ATTRIBUTES = [
  'id',
  'name',
  'description',
  'tenant_id',
  'project_id',
  'created_at',
  'updated_at',
  'revision_number',
  'admin_state_up',
  'status',
  'availability_zones',
  'flavor_id',
  'enable_ndp_proxy',
  ...ADMIN_ONLY,
] as const;

export const ROUTERS: ResourceDef<RouterBody> = {
  kind: KINDS.router,
  singular: 'router',
  plural: 'routers',
  path: 'routers',
  attributes: ROUTER_ATTRIBUTES,
  notFound: notFound.router,
  visible: (_site, auth, body) => auth.isAdmin || body.project_id === auth.projectId,
  render: (_site, auth, body) => {
    if (auth.isAdmin) return { ...body };
    return Object.fromEntries(Object.entries(body).filter(([key]) => !ADMIN_ONLY.includes(key)));
  },
};

function routerError(message: string): NeutronError {
  return new NeutronError(400, 'BadRequest', `Bad router request: ${message}.`);
}

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

export interface GatewayRequest {
  network_id: string;
  enable_snat?: boolean | undefined;
  external_fixed_ips?:
    { subnet_id?: string | undefined; ip_address?: string | undefined }[] | undefined;
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
  const network = auth
    ? findVisible(site, auth, NETWORKS, request.network_id)
    : site.store.get<NetworkBody>(KINDS.network, request.network_id);
  if (!network) throw notFound.network(request.network_id);
  if (!network['router:external'])
    throw routerError(`Network ${network.id} is not a valid external network`);
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

export interface NewRouter {
  id?: string;
  projectId: string;
  name?: string | undefined;
  description?: string | undefined;
  adminStateUp?: boolean | undefined;
  distributed?: boolean | undefined;
  ha?: boolean | undefined;
  availabilityZoneHints?: string[] | undefined;
  tags?: string[] | undefined;
}

export function buildRouter(site: SiteContext, spec: NewRouter): RouterBody {
  return {
    ...standardAttrs(site, spec),
    admin_state_up: spec.adminStateUp ?? true,
    status: 'ACTIVE',
    external_gateway_info: null,
    routes: [],
    availability_zone_hints: spec.availabilityZoneHints ?? [],
    availability_zones: ['nova'],
    distributed: spec.distributed ?? false,
    ha: spec.ha ?? false,
    flavor_id: null,
    enable_ndp_proxy: false,
  };
}

/** The body `add_router_interface` and `remove_router_interface` answer with. */
function interfaceInfo(
  router: RouterBody,
  port: PortBody,
  subnetId: string,
): Record<string, unknown> {
  return {
    id: router.id,
    network_id: port.network_id,
    port_id: port.id,
    subnet_id: subnetId,
    subnet_ids: port.fixed_ips.map((ip) => ip.subnet_id),
    project_id: router.project_id,
    tenant_id: router.project_id,
    tags: router.tags,
  };
}

/** Plugs the router into a subnet: a new port holding the subnet's gateway address. */
export function addInterfaceOnSubnet(
  site: SiteContext,
  router: RouterBody,
  subnet: SubnetBody,
): PortBody {
  if (subnet.gateway_ip === null)
    throw routerError('Subnet for router interface must have a gateway IP');
  const onSubnet = routerPorts(site, router.id, ROUTER_INTERFACE).some((port) =>
    port.fixed_ips.some((ip) => ip.subnet_id === subnet.id),
  );
  if (onSubnet) throw routerError(`Router already has a port on subnet ${subnet.id}`);
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

const zGateway = z.strictObject({
  network_id: zId,
  enable_snat: zBool.optional(),
  external_fixed_ips: z
    .array(z.strictObject({ subnet_id: zId.optional(), ip_address: z.string().optional() }))
    .optional(),
});
/** `{}` and null both clear the gateway. */
const zGatewayOrClear = z.union([zGateway, z.strictObject({}).transform(() => null), z.null()]);
const zRoute = z.strictObject({ destination: z.string(), nexthop: z.string() });

const zCreate = z.strictObject({
  name: zName.optional(),
  description: zDescription.optional(),
  admin_state_up: zBool.optional(),
  external_gateway_info: zGatewayOrClear.optional(),
  distributed: zBool.optional(),
  ha: zBool.optional(),
  availability_zone_hints: z.array(z.string()).optional(),
  flavor_id: z.null().optional(),
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject({
  name: zName.optional(),
  description: zDescription.optional(),
  admin_state_up: zBool.optional(),
  external_gateway_info: zGatewayOrClear.optional(),
  distributed: zBool.optional(),
  ha: zBool.optional(),
  routes: z.array(zRoute).optional(),
});

const zInterface = z.strictObject({ subnet_id: zId.optional(), port_id: zId.optional() });

function requireAdminFor(
  auth: AuthContext,
  action: string,
  request: Record<string, unknown>,
): void {
  if (auth.isAdmin) return;
  for (const key of ADMIN_ONLY)
    if (request[key] !== undefined) throw policyError(`${action}_router:${key}`);
}

/** Extra routes must go through one of the router's interface subnets (InvalidRoutes). */
function validateRoutes(site: SiteContext, router: RouterBody, routes: HostRoute[]): void {
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

export function routerRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, ROUTERS);
  registerTags(app, site, ROUTERS);

  app.post('/routers', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'router', zCreate);
    requireAdminFor(auth, 'create', request);
    const projectId = owningProject(auth, request);
    const router = site.store.transaction(() => {
      checkQuota(site, projectId, 'router');
      let body = buildRouter(site, {
        projectId,
        name: request.name,
        description: request.description,
        adminStateUp: request.admin_state_up,
        distributed: request.distributed,
        ha: request.ha,
        availabilityZoneHints: request.availability_zone_hints,
        tags: request.tags,
      });
      if (request.external_gateway_info)
        body = setGateway(site, auth, body, request.external_gateway_info);
      return insert(site, KINDS.router, body);
    });
    return c.json({ router: ROUTERS.render(site, auth, router) }, 201);
  });

  app.put('/routers/:id', async (c) => {
    const auth = c.get('auth');
    const current = findOwned(site, auth, ROUTERS, c.req.param('id'), 'update');
    const request = await readBody(c, 'router', zUpdate, [
      'id',
      'project_id',
      'tenant_id',
      'status',
    ]);
    requireAdminFor(auth, 'update', request);
    const router = site.store.transaction(() => {
      let next: RouterBody = { ...current };
      for (const key of ['name', 'description', 'admin_state_up', 'distributed', 'ha'] as const) {
        if (request[key] !== undefined) next = { ...next, [key]: request[key] };
      }
      if (request.routes !== undefined) {
        validateRoutes(site, current, request.routes);
        next.routes = request.routes;
      }
      if (request.external_gateway_info !== undefined) {
        next = setGateway(site, auth, next, request.external_gateway_info);
      }
      return save(site, KINDS.router, next);
    });
    return c.json({ router: ROUTERS.render(site, auth, router) });
  });

  app.delete('/routers/:id', (c) => {
    const auth = c.get('auth');
    const router = findOwned(site, auth, ROUTERS, c.req.param('id'), 'delete');
    site.store.transaction(() => {
      if (routerPorts(site, router.id, ROUTER_INTERFACE).length > 0) {
        throw conflict('RouterInUse', `Router ${router.id} still has ports`);
      }
      setGateway(site, auth, router, null);
      site.store.delete(KINDS.router, router.id);
    });
    return c.body(null, 204);
  });

  // https://docs.openstack.org/api-ref/network/v2/#add-interface-to-router
  app.put('/routers/:id/add_router_interface', async (c) => {
    const auth = c.get('auth');
    const router = findOwned(site, auth, ROUTERS, c.req.param('id'), 'update');
    const request = validate(await readJson(c), zInterface);
    if (request.subnet_id !== undefined && request.port_id !== undefined) {
      throw routerError('Cannot specify both subnet-id and port-id');
    }
    const info = site.store.transaction(() => {
      if (request.subnet_id !== undefined) {
        const subnet = findVisible(site, auth, SUBNETS, request.subnet_id);
        const port = addInterfaceOnSubnet(site, router, subnet);
        save(site, KINDS.router, router);
        return interfaceInfo(router, port, subnet.id);
      }
      if (request.port_id === undefined)
        throw routerError('Either subnet_id or port_id must be specified');
      const port = findOwned(site, auth, PORTS, request.port_id, 'update');
      if (port.device_id !== '') {
        throw conflict(
          'PortInUse',
          `Unable to complete operation on port ${port.id} for network ${port.network_id}. Port already has an attached device ${port.device_id}.`,
        );
      }
      const first = port.fixed_ips[0];
      if (!first) throw routerError('Router port must have at least one fixed IP');
      const existing = routerPorts(site, router.id, ROUTER_INTERFACE).flatMap((p) =>
        p.fixed_ips.map((ip) => ip.subnet_id),
      );
      const clash = port.fixed_ips.find((ip) => existing.includes(ip.subnet_id));
      if (clash) throw routerError(`Router already has a port on subnet ${clash.subnet_id}`);
      const bound = save(site, KINDS.port, {
        ...port,
        device_id: router.id,
        device_owner: ROUTER_INTERFACE,
        security_groups: [],
        ...bindingFor(site, ROUTER_INTERFACE),
      });
      save(site, KINDS.router, router);
      return interfaceInfo(router, bound, first.subnet_id);
    });
    return c.json(info);
  });

  // https://docs.openstack.org/api-ref/network/v2/#remove-interface-from-router
  app.put('/routers/:id/remove_router_interface', async (c) => {
    const auth = c.get('auth');
    const router = findOwned(site, auth, ROUTERS, c.req.param('id'), 'update');
    const request = validate(await readJson(c), zInterface);
    const interfaces = routerPorts(site, router.id, ROUTER_INTERFACE);
    let port: PortBody | undefined;
    if (request.port_id !== undefined) {
      port = interfaces.find((p) => p.id === request.port_id);
      if (
        !port ||
        (request.subnet_id !== undefined &&
          !port.fixed_ips.some((ip) => ip.subnet_id === request.subnet_id))
      ) {
        throw new NeutronError(
          404,
          'RouterInterfaceNotFound',
          `Router ${router.id} does not have an interface with id ${request.port_id}`,
        );
      }
    } else if (request.subnet_id !== undefined) {
      const subnetId = request.subnet_id;
      port = interfaces.find((p) => p.fixed_ips.some((ip) => ip.subnet_id === subnetId));
      if (!port) {
        throw new NeutronError(
          404,
          'RouterInterfaceNotFoundForSubnet',
          `Router ${router.id} has no interface on subnet ${subnetId}`,
        );
      }
    } else {
      throw routerError('Either subnet_id or port_id must be specified');
    }
    const removed = port;
    const subnetIds = new Set(removed.fixed_ips.map((ip) => ip.subnet_id));
    const info = interfaceInfo(
      router,
      removed,
      request.subnet_id ?? removed.fixed_ips[0]?.subnet_id ?? '',
    );
    site.store.transaction(() => {
      for (const fip of site.store.list<FloatingIpBody>(KINDS.floatingIp)) {
        if (fip.router_id !== router.id || fip.port_id === null) continue;
        const fipPort = site.store.get<PortBody>(KINDS.port, fip.port_id);
        const subnet = fipPort?.fixed_ips.find(
          (ip) => ip.ip_address === fip.fixed_ip_address,
        )?.subnet_id;
        if (subnet !== undefined && subnetIds.has(subnet)) {
          throw conflict(
            'RouterInterfaceInUseByFloatingIP',
            `Router interface for subnet ${subnet} on router ${router.id} cannot be deleted, as it is required by one or more floating IPs.`,
          );
        }
      }
      removePort(site, removed);
      save(site, KINDS.router, router);
    });
    return c.json(info);
  });
}
