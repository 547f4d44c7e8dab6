import type { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { notFound, policyError } from './errors.js';
import {
  NETWORK_ADMIN_ONLY,
  NETWORK_ATTRIBUTES,
  buildNetwork,
  networkVisible,
  type NetworkBody,
} from './network-model.js';
import { deleteNetwork } from './network-store.js';
import { checkQuota } from './quota-store.js';
import { definedFields, readBody, zBool, zDescription, zName, zProject, zTags } from './request.js';
import { readUpdate, registerReads, type ResourceDef } from './resource-routes.js';
import { KINDS, findOwned, insert, save } from './resource-store.js';
import { owningProject } from './standard-attr-model.js';
import { adminOnlyHidden } from './standard-attr-view.js';
import { registerTags } from './tag-routes.js';

export const NETWORKS: ResourceDef<NetworkBody> = {
  kind: KINDS.network,
  singular: 'network',
  plural: 'networks',
  path: 'networks',
  attributes: NETWORK_ATTRIBUTES,
  notFound: notFound.network,
  visible: (_site, auth, body) => networkVisible(auth, body),
  render: adminOnlyHidden(NETWORK_ADMIN_ONLY),
};

/** What both create and update accept. */
const updatable = {
  name: zName.optional(),
  description: zDescription.optional(),
  admin_state_up: zBool.optional(),
  shared: zBool.optional(),
  'router:external': zBool.optional(),
  mtu: z.number().int().min(68).max(9000).optional(),
  port_security_enabled: zBool.optional(),
};

const zCreate = z.strictObject({
  ...updatable,
  availability_zone_hints: z.array(z.string()).optional(),
  'provider:network_type': z.enum(['flat', 'vlan', 'vxlan', 'geneve', 'local']).optional(),
  'provider:physical_network': z.string().nullable().optional(),
  'provider:segmentation_id': z.number().int().nullable().optional(),
  is_default: zBool.optional(),
  qos_policy_id: z.null().optional(),
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zUpdate = z.strictObject({
  ...updatable,
  is_default: zBool.optional(),
  qos_policy_id: z.null().optional(),
});

function requireAdminFor(
  auth: AuthContext,
  action: string,
  body: Record<string, unknown>,
  keys: string[],
): void {
  if (auth.isAdmin) return;
  const key = keys.find((k) => body[k] !== undefined && body[k] !== false && body[k] !== null);
  if (key) throw policyError(`${action}_network:${key}`);
}

export function networkRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, NETWORKS);
  registerTags(app, site, NETWORKS);

  app.post('/networks', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'network', zCreate);
    requireAdminFor(auth, 'create', request, [
      'shared',
      'router:external',
      'is_default',
      ...NETWORK_ADMIN_ONLY,
    ]);
    const projectId = owningProject(auth, request);
    const body = site.store.transaction(() => {
      checkQuota(site, projectId, 'network');
      return insert(
        site,
        KINDS.network,
        buildNetwork(site, {
          projectId,
          name: request.name,
          description: request.description,
          shared: request.shared,
          external: request['router:external'],
          adminStateUp: request.admin_state_up,
          mtu: request.mtu,
          portSecurityEnabled: request.port_security_enabled,
          availabilityZoneHints: request.availability_zone_hints,
          providerType: request['provider:network_type'],
          physicalNetwork: request['provider:physical_network'],
          segmentationId: request['provider:segmentation_id'],
          isDefault: request.is_default,
          tags: request.tags,
        }),
      );
    });
    return c.json({ network: NETWORKS.render(site, auth, body) }, 201);
  });

  app.put('/networks/:id', async (c) => {
    const { auth, current, request } = await readUpdate(site, c, NETWORKS, zUpdate);
    requireAdminFor(auth, 'update', request, ['shared', 'router:external', 'is_default']);
    const body = save(site, KINDS.network, { ...current, ...definedFields(request) });
    return c.json({ network: NETWORKS.render(site, auth, body) });
  });

  app.delete('/networks/:id', (c) => {
    const auth = c.get('auth');
    const network = findOwned(site, auth, NETWORKS, c.req.param('id'), 'delete');
    site.store.transaction(() => deleteNetwork(site, network));
    return c.body(null, 204);
  });
}
