import type { Hono } from 'hono';
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import type { AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { badRequest, notFound, policyError } from './errors.js';
import { cidrContains, parseCidr, validatePools, type Cidr } from './ipam-model.js';
import { NETWORKS } from './network-routes.js';
import { checkQuota } from './quota-store.js';
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
import { asStored } from './standard-attr-view.js';
import { SUBNET_ATTRIBUTES, type SubnetBody } from './subnet-model.js';
import { addSubnet, buildSubnet, deleteSubnet, subnetVisible } from './subnet-store.js';
import { registerTags } from './tag-routes.js';

export const SUBNETS: ResourceDef<SubnetBody> = {
  kind: KINDS.subnet,
  singular: 'subnet',
  plural: 'subnets',
  path: 'subnets',
  attributes: SUBNET_ATTRIBUTES,
  notFound: notFound.subnet,
  visible: subnetVisible,
  render: asStored,
};

const zIp = z.string().refine(isIPv4, { message: 'is not a valid IP address' });
const zPool = z.strictObject({ start: zIp, end: zIp });
const zRoute = z.strictObject({ destination: z.string(), nexthop: zIp });

/** What both create and update accept. */
const updatable = {
  name: zName.optional(),
  description: zDescription.optional(),
  gateway_ip: zIp.nullable().optional(),
  allocation_pools: z.array(zPool).optional(),
  enable_dhcp: zBool.optional(),
  dns_nameservers: z.array(zIp).optional(),
  host_routes: z.array(zRoute).optional(),
};

const zCreate = z.strictObject({
  network_id: zId,
  cidr: z.string(),
  ip_version: z
    .union([z.literal(4), z.literal(6), z.literal('4'), z.literal('6')])
    .transform(Number),
  ...updatable,
  ipv6_address_mode: z.null().optional(),
  ipv6_ra_mode: z.null().optional(),
  subnetpool_id: z.null().optional(),
  segment_id: z.null().optional(),
  service_types: z.array(z.string()).max(0).optional(),
  dns_publish_fixed_ip: zBool.optional(),
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject({ ...updatable, dns_publish_fixed_ip: zBool.optional() });

export function subnetRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, SUBNETS);
  registerTags(app, site, SUBNETS);

  app.post('/subnets', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'subnet', zCreate);
    if (request.ip_version === 6) {
      throw badRequest(
        'Invalid input for ip_version. Reason: IPv6 subnets are not supported by this site.',
      );
    }
    const network = findVisible(site, auth, NETWORKS, request.network_id);
    // Policy create_subnet: admin or network owner.
    if (!auth.isAdmin && network.project_id !== auth.projectId) throw policyError('create_subnet');
    const projectId = owningProject(auth, request);
    const body = site.store.transaction(() => {
      checkQuota(site, projectId, 'subnet');
      return addSubnet(
        site,
        buildSubnet(site, {
          projectId,
          networkId: network.id,
          cidr: request.cidr,
          name: request.name,
          description: request.description,
          gatewayIp: request.gateway_ip,
          allocationPools: request.allocation_pools,
          enableDhcp: request.enable_dhcp,
          dnsNameservers: request.dns_nameservers,
          hostRoutes: request.host_routes,
          tags: request.tags,
        }),
      );
    });
    return c.json({ subnet: body }, 201);
  });

  app.put('/subnets/:id', async (c) => {
    const { current, request } = await readUpdate(site, c, SUBNETS, zUpdate, [
      'id',
      'cidr',
      'ip_version',
      'network_id',
      'project_id',
      'tenant_id',
    ]);
    const cidr = parseCidr(current.cidr) as Cidr;
    const gateway = request.gateway_ip === undefined ? current.gateway_ip : request.gateway_ip;
    if (gateway !== null && !cidrContains(cidr, gateway)) {
      throw badRequest(
        `Invalid input for gateway_ip. Reason: '${gateway}' is not in subnet ${current.cidr}.`,
      );
    }
    const pools = request.allocation_pools ?? current.allocation_pools;
    validatePools(cidr, pools, gateway);
    const body = save(site, KINDS.subnet, { ...current, ...definedFields(request) });
    return c.json({ subnet: body });
  });

  app.delete('/subnets/:id', (c) => {
    const auth = c.get('auth');
    const subnet = findOwned(site, auth, SUBNETS, c.req.param('id'), 'delete');
    site.store.transaction(() => deleteSubnet(site, subnet));
    return c.body(null, 204);
  });
}
