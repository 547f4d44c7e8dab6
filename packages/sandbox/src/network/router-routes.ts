import type { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { NeutronError, badRequestFor, conflict, notFound, policyError } from './errors.js';
import type { FloatingIpBody } from './floating-ip-model.js';
import { ROUTER_INTERFACE, bindingFor, type PortBody } from './port-model.js';
import { PORTS } from './port-routes.js';
import { removePort } from './port-store.js';
import { checkQuota } from './quota-store.js';
import {
  definedFields,
  readBody,
  readJson,
  validate,
  zBool,
  zDescription,
  zId,
  zName,
  zProject,
  zTags,
} from './request.js';
import { readUpdate, registerReads, type ResourceDef } from './resource-routes.js';
import { KINDS, findOwned, findVisible, insert, save } from './resource-store.js';
import {
  ROUTER_ADMIN_ONLY,
  ROUTER_ATTRIBUTES,
  buildRouter,
  type RouterBody,
} from './router-model.js';
import { addInterfaceOnSubnet, routerPorts, setGateway, validateRoutes } from './router-store.js';
import { interfaceInfo } from './router-view.js';
import { owningProject, owns } from './standard-attr-model.js';
import { adminOnlyHidden } from './standard-attr-view.js';
import { SUBNETS } from './subnet-routes.js';
import { registerTags } from './tag-routes.js';

const ROUTERS: ResourceDef<RouterBody> = {
  kind: KINDS.router,
  singular: 'router',
  plural: 'routers',
  path: 'routers',
  attributes: ROUTER_ATTRIBUTES,
  notFound: notFound.router,
  visible: (_site, auth, body) => owns(auth, body),
  render: adminOnlyHidden(ROUTER_ADMIN_ONLY),
};

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

/** What both create and update accept. */
const updatable = {
  name: zName.optional(),
  description: zDescription.optional(),
  admin_state_up: zBool.optional(),
  external_gateway_info: zGatewayOrClear.optional(),
  distributed: zBool.optional(),
  ha: zBool.optional(),
};

const zCreate = z.strictObject({
  ...updatable,
  availability_zone_hints: z.array(z.string()).optional(),
  flavor_id: z.null().optional(),
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject({ ...updatable, routes: z.array(zRoute).optional() });

const zInterface = z.strictObject({ subnet_id: zId.optional(), port_id: zId.optional() });

function requireAdminFor(
  auth: AuthContext,
  action: string,
  request: Record<string, unknown>,
): void {
  if (auth.isAdmin) return;
  for (const key of ROUTER_ADMIN_ONLY)
    if (request[key] !== undefined) throw policyError(`${action}_router:${key}`);
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
    const { auth, current, request } = await readUpdate(site, c, ROUTERS, zUpdate, [
      'id',
      'project_id',
      'tenant_id',
      'status',
    ]);
    requireAdminFor(auth, 'update', request);
    const router = site.store.transaction(() => {
      let next: RouterBody = {
        ...current,
        ...definedFields(request, ['name', 'description', 'admin_state_up', 'distributed', 'ha']),
      };
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
      throw badRequestFor('router', 'Cannot specify both subnet-id and port-id');
    }
    const info = site.store.transaction(() => {
      if (request.subnet_id !== undefined) {
        const subnet = findVisible(site, auth, SUBNETS, request.subnet_id);
        const port = addInterfaceOnSubnet(site, router, subnet);
        save(site, KINDS.router, router);
        return interfaceInfo(router, port, subnet.id);
      }
      if (request.port_id === undefined)
        throw badRequestFor('router', 'Either subnet_id or port_id must be specified');
      const port = findOwned(site, auth, PORTS, request.port_id, 'update');
      if (port.device_id !== '') {
        throw conflict(
          'PortInUse',
          `Unable to complete operation on port ${port.id} for network ${port.network_id}. Port already has an attached device ${port.device_id}.`,
        );
      }
      const first = port.fixed_ips[0];
      if (!first) throw badRequestFor('router', 'Router port must have at least one fixed IP');
      const existing = routerPorts(site, router.id, ROUTER_INTERFACE).flatMap((p) =>
        p.fixed_ips.map((ip) => ip.subnet_id),
      );
      const clash = port.fixed_ips.find((ip) => existing.includes(ip.subnet_id));
      if (clash)
        throw badRequestFor('router', `Router already has a port on subnet ${clash.subnet_id}`);
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
      throw badRequestFor('router', 'Either subnet_id or port_id must be specified');
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
