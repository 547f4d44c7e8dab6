import type { Hono } from 'hono';
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import type { AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { notFound, policyError } from './errors.js';
import { FLOATING_IP_ATTRIBUTES, disassociated, type FloatingIpBody } from './floating-ip-model.js';
import { allocateFloatingIp, associate, portDetails } from './floating-ip-store.js';
import { NETWORKS } from './network-routes.js';
import { readBody, zDescription, zId, zProject, zTags } from './request.js';
import { readUpdate, registerReads, type ResourceDef } from './resource-routes.js';
import { KINDS, findOwned, findVisible, insert, save } from './resource-store.js';
import { owningProject, owns } from './standard-attr-model.js';
import { registerTags } from './tag-routes.js';

const FLOATING_IPS: ResourceDef<FloatingIpBody> = {
  kind: KINDS.floatingIp,
  singular: 'floatingip',
  plural: 'floatingips',
  path: 'floatingips',
  attributes: FLOATING_IP_ATTRIBUTES,
  notFound: notFound.floatingIp,
  visible: (_site, auth, body) => owns(auth, body),
  // port_details (fip-port-details) reflects the port as it is now.
  render: (site, _auth, body) => ({ ...body, port_details: portDetails(site, body.port_id) }),
};

const zIp = z.string().refine(isIPv4, { message: 'is not a valid IP address' });

const zCreate = z.strictObject({
  floating_network_id: zId,
  floating_ip_address: zIp.optional(),
  subnet_id: zId.optional(),
  port_id: zId.nullable().optional(),
  fixed_ip_address: zIp.nullable().optional(),
  description: zDescription.optional(),
  dns_name: z.literal('').optional(),
  dns_domain: z.literal('').optional(),
  qos_policy_id: z.null().optional(),
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject({
  port_id: zId.nullable().optional(),
  fixed_ip_address: zIp.nullable().optional(),
  description: zDescription.optional(),
  qos_policy_id: z.null().optional(),
});

export function floatingIpRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, FLOATING_IPS);
  registerTags(app, site, FLOATING_IPS);

  app.post('/floatingips', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'floatingip', zCreate);
    if (!auth.isAdmin && request.floating_ip_address !== undefined) {
      throw policyError('create_floatingip:floating_ip_address');
    }
    const projectId = owningProject(auth, request);
    findVisible(site, auth, NETWORKS, request.floating_network_id);
    const fip = site.store.transaction(() => {
      let body = allocateFloatingIp(site, projectId, request.floating_network_id, {
        address: request.floating_ip_address,
        subnetId: request.subnet_id,
      });
      body = { ...body, description: request.description ?? '', tags: request.tags ?? [] };
      if (request.port_id)
        body = associate(site, auth, body, request.port_id, request.fixed_ip_address ?? undefined);
      return insert(site, KINDS.floatingIp, body);
    });
    return c.json({ floatingip: FLOATING_IPS.render(site, auth, fip) }, 201);
  });

  app.put('/floatingips/:id', async (c) => {
    const { auth, current, request } = await readUpdate(site, c, FLOATING_IPS, zUpdate, [
      'id',
      'floating_ip_address',
      'floating_network_id',
      'project_id',
      'tenant_id',
      'router_id',
      'status',
    ]);
    const fip = site.store.transaction(() => {
      let next: FloatingIpBody = { ...current };
      if (request.description !== undefined) next.description = request.description;
      if (request.port_id === null) next = disassociated(next);
      else if (request.port_id !== undefined) {
        next = associate(site, auth, next, request.port_id, request.fixed_ip_address ?? undefined);
      } else if (request.fixed_ip_address && next.port_id) {
        next = associate(site, auth, next, next.port_id, request.fixed_ip_address);
      }
      return save(site, KINDS.floatingIp, next);
    });
    return c.json({ floatingip: FLOATING_IPS.render(site, auth, fip) });
  });

  app.delete('/floatingips/:id', (c) => {
    const auth = c.get('auth');
    const fip = findOwned(site, auth, FLOATING_IPS, c.req.param('id'), 'delete');
    site.store.delete(KINDS.floatingIp, fip.id);
    return c.body(null, 204);
  });
}
