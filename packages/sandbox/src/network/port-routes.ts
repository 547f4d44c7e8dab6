import type { Hono } from 'hono';
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { conflict, notFound, policyError } from './errors.js';
import { allocateFixedIps } from './ipam-store.js';
import type { NetworkBody } from './network-model.js';
import { NETWORKS } from './network-routes.js';
import {
  PORT_ADMIN_ONLY,
  PORT_ATTRIBUTES,
  ROUTER_GATEWAY,
  ROUTER_INTERFACE,
  bindingFor,
  type PortBody,
} from './port-model.js';
import {
  createPort,
  portVisible,
  releaseStaleFloatingIps,
  removePort,
  resolveSecurityGroups,
} from './port-store.js';
import {
  definedFields,
  readBody,
  zBool,
  zDescription,
  zId,
  zName,
  zProject,
  zTags,
} from './request.js';
import { readUpdate, registerReads, type ResourceDef } from './resource-routes.js';
import { KINDS, findOwned, findVisible, save } from './resource-store.js';
import { owningProject } from './standard-attr-model.js';
import { adminOnlyHidden } from './standard-attr-view.js';
import { subnetsOf } from './subnet-store.js';
import { registerTags } from './tag-routes.js';

/**
 * REST routes of ports.
 * https://docs.openstack.org/api-ref/network/v2/#ports
 */
export const PORTS: ResourceDef<PortBody> = {
  kind: KINDS.port,
  singular: 'port',
  plural: 'ports',
  path: 'ports',
  attributes: PORT_ATTRIBUTES,
  notFound: notFound.port,
  visible: portVisible,
  render: adminOnlyHidden(PORT_ADMIN_ONLY),
};

const zMac = z
  .string()
  .regex(/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/, 'is not a valid MAC address')
  .transform((v) => v.toLowerCase());
const zFixedIp = z.strictObject({
  subnet_id: zId.optional(),
  ip_address: z.string().refine(isIPv4, { message: 'is not a valid IP address' }).optional(),
});
const zPair = z.strictObject({ ip_address: z.string(), mac_address: zMac.optional() });
const zVnic = z.enum([
  'normal',
  'direct',
  'macvtap',
  'baremetal',
  'direct-physical',
  'virtio-forwarder',
  'smart-nic',
  'vdpa',
  'remote-managed',
]);

/** What both create and update accept. */
const updatable = {
  name: zName.optional(),
  description: zDescription.optional(),
  admin_state_up: zBool.optional(),
  mac_address: zMac.optional(),
  fixed_ips: z.array(zFixedIp).optional(),
  device_id: z.string().max(255).optional(),
  device_owner: z.string().max(255).optional(),
  security_groups: z.array(zId).optional(),
  port_security_enabled: zBool.optional(),
  allowed_address_pairs: z.array(zPair).optional(),
  'binding:vnic_type': zVnic.optional(),
  'binding:host_id': z.string().optional(),
  'binding:profile': z.record(z.string(), z.unknown()).optional(),
  qos_policy_id: z.null().optional(),
};

const zCreate = z.strictObject({
  network_id: zId,
  ...updatable,
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject(updatable);

/** Attributes only admins (or the network's owner) may set (neutron's port policies). */
function checkPortPolicy(
  auth: AuthContext,
  network: NetworkBody,
  action: 'create' | 'update',
  request: {
    fixed_ips?: { ip_address?: string | undefined }[] | undefined;
    mac_address?: string | undefined;
  } & Record<string, unknown>,
): void {
  if (auth.isAdmin) return;
  for (const key of ['binding:host_id', 'binding:profile']) {
    if (request[key] !== undefined) throw policyError(`${action}_port:${key}`);
  }
  if (network.project_id === auth.projectId) return;
  if (request.mac_address !== undefined) throw policyError(`${action}_port:mac_address`);
  if (request.fixed_ips?.some((ip) => ip.ip_address !== undefined)) {
    throw policyError(`${action}_port:fixed_ips:ip_address`);
  }
}

export function portRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, PORTS);
  registerTags(app, site, PORTS);

  app.post('/ports', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'port', zCreate);
    const network = findVisible(site, auth, NETWORKS, request.network_id);
    if (!auth.isAdmin && network.project_id !== auth.projectId && !network.shared) {
      throw policyError('create_port');
    }
    checkPortPolicy(auth, network, 'create', request);
    const projectId = owningProject(auth, request);
    const port = site.store.transaction(() =>
      createPort(site, {
        projectId,
        network,
        fixedIps: request.fixed_ips,
        name: request.name,
        description: request.description,
        adminStateUp: request.admin_state_up,
        macAddress: request.mac_address,
        deviceId: request.device_id,
        deviceOwner: request.device_owner,
        securityGroups: request.security_groups,
        portSecurityEnabled: request.port_security_enabled,
        allowedAddressPairs: request.allowed_address_pairs,
        vnicType: request['binding:vnic_type'],
        hostId: request['binding:host_id'],
        profile: request['binding:profile'],
        tags: request.tags,
      }),
    );
    return c.json({ port: PORTS.render(site, auth, port) }, 201);
  });

  app.put('/ports/:id', async (c) => {
    const { auth, current, request } = await readUpdate(site, c, PORTS, zUpdate, [
      'id',
      'network_id',
      'project_id',
      'tenant_id',
      'status',
    ]);
    const network = site.store.get<NetworkBody>(KINDS.network, current.network_id);
    if (network) checkPortPolicy(auth, network, 'update', request);
    const port = site.store.transaction(() => {
      let next: PortBody = {
        ...current,
        ...definedFields(request, [
          'name',
          'description',
          'admin_state_up',
          'device_id',
          'device_owner',
          'port_security_enabled',
          'binding:vnic_type',
          'binding:profile',
          'mac_address',
        ]),
      };
      if (
        request.mac_address !== undefined &&
        current.device_owner !== '' &&
        request.mac_address !== current.mac_address
      ) {
        throw conflict(
          'PortBound',
          `Unable to complete operation on port ${current.id}, port is already bound, port type: ovs, old_mac ${current.mac_address}, new_mac ${request.mac_address}.`,
        );
      }
      if (request.security_groups !== undefined) {
        next.security_groups = resolveSecurityGroups(
          site,
          current.project_id,
          request.security_groups,
        );
      }
      if (!next.port_security_enabled && next.security_groups.length > 0) {
        throw conflict(
          'PortSecurityPortHasSecurityGroup',
          'Port has security group associated. Cannot disable port security or ip address until security group is removed',
        );
      }
      if (request.allowed_address_pairs !== undefined) {
        next.allowed_address_pairs = request.allowed_address_pairs.map((pair) => ({
          ip_address: pair.ip_address,
          mac_address: pair.mac_address ?? next.mac_address,
        }));
      }
      if (request.fixed_ips !== undefined && network) {
        // Re-allocation: release the old addresses first so a kept address stays valid.
        site.store.put(KINDS.port, current.id, { ...current, fixed_ips: [] });
        next.fixed_ips = allocateFixedIps(
          site,
          network.id,
          subnetsOf(site, network),
          request.fixed_ips,
        );
      }
      if (
        request.device_owner !== undefined ||
        request['binding:host_id'] !== undefined ||
        request.device_id !== undefined
      ) {
        next = { ...next, ...bindingFor(site, next.device_owner, request['binding:host_id']) };
      }
      if (request.fixed_ips !== undefined) releaseStaleFloatingIps(site, next);
      return save(site, KINDS.port, next);
    });
    return c.json({ port: PORTS.render(site, auth, port) });
  });

  app.delete('/ports/:id', (c) => {
    const auth = c.get('auth');
    const port = findOwned(site, auth, PORTS, c.req.param('id'), 'delete');
    if (
      [
        ROUTER_INTERFACE,
        ROUTER_GATEWAY,
        'network:floatingip',
        'network:router_ha_interface',
      ].includes(port.device_owner)
    ) {
      throw conflict(
        'ServicePortInUse',
        `Port ${port.id} cannot be deleted directly via the port API: has device owner ${port.device_owner}.`,
      );
    }
    site.store.transaction(() => removePort(site, port));
    return c.body(null, 204);
  });
}
