import type { Hono } from 'hono';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { sha256Hex, uuid } from '../site/ids.js';
import { readBody, zBool, zDescription, zName, zProject, zTags } from './body.js';
import { conflict, notFound, policyError } from './errors.js';
import {
  KINDS,
  insert,
  owningProject,
  save,
  standardAttrs,
  type FloatingIpBody,
  type NetworkBody,
  type PortBody,
} from './model.js';
import { checkQuota } from './quotas.js';
import { findOwned, registerReads, registerTags, type ResourceDef } from './resource.js';

/**
 * Networks (core API + external-net, provider, mtu, port-security, availability zones).
 * https://docs.openstack.org/api-ref/network/v2/#networks
 */
const ADMIN_ONLY = [
  'provider:network_type',
  'provider:physical_network',
  'provider:segmentation_id',
];

export const NETWORK_ATTRIBUTES = [
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
  'shared',
  'router:external',
  'mtu',
  'subnets',
  'availability_zones',
  'port_security_enabled',
  'is_default',
  'qos_policy_id',
  'vlan_transparent',
  'l2_adjacency',
  'ipv4_address_scope',
  'ipv6_address_scope',
  ...ADMIN_ONLY,
] as const;

/** Policy get_network: own, shared, or external (everyone may allocate floating IPs from it). */
export function networkVisible(auth: AuthContext, body: NetworkBody): boolean {
  return (
    auth.isAdmin || body.project_id === auth.projectId || body.shared || body['router:external']
  );
}

export const NETWORKS: ResourceDef<NetworkBody> = {
  kind: KINDS.network,
  singular: 'network',
  plural: 'networks',
  path: 'networks',
  attributes: NETWORK_ATTRIBUTES,
  notFound: notFound.network,
  visible: (_site, auth, body) => networkVisible(auth, body),
  render: (_site, auth, body) => {
    if (auth.isAdmin) return { ...body };
    return Object.fromEntries(Object.entries(body).filter(([key]) => !ADMIN_ONLY.includes(key)));
  },
};

export interface NewNetwork {
  id?: string;
  projectId: string;
  name?: string;
  description?: string;
  shared?: boolean;
  external?: boolean;
  adminStateUp?: boolean;
  mtu?: number;
  portSecurityEnabled?: boolean;
  availabilityZoneHints?: string[];
  providerType?: string;
  physicalNetwork?: string | null;
  segmentationId?: number | null;
  isDefault?: boolean;
  tags?: string[];
}

/** A network body as ML2/OVN with VXLAN tenant networks and a flat provider network would give it. */
export function buildNetwork(site: SiteContext, spec: NewNetwork): NetworkBody {
  const id = spec.id ?? uuid();
  const external = spec.external ?? false;
  const type = spec.providerType ?? (external ? 'flat' : 'vxlan');
  return {
    ...standardAttrs(site, { ...spec, id }),
    admin_state_up: spec.adminStateUp ?? true,
    status: 'ACTIVE',
    shared: spec.shared ?? false,
    'router:external': external,
    mtu: spec.mtu ?? (type === 'vxlan' ? 1450 : 1500),
    subnets: [],
    availability_zone_hints: spec.availabilityZoneHints ?? [],
    availability_zones: ['nova'],
    port_security_enabled: spec.portSecurityEnabled ?? true,
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    l2_adjacency: true,
    is_default: spec.isDefault ?? false,
    qos_policy_id: null,
    vlan_transparent: false,
    'provider:network_type': type,
    'provider:physical_network':
      spec.physicalNetwork ?? (type === 'flat' || type === 'vlan' ? 'public' : null),
    // A VNI derived from the id, so networks keep theirs across restarts.
    'provider:segmentation_id':
      spec.segmentationId !== undefined
        ? spec.segmentationId
        : type === 'flat'
          ? null
          : 1 + (parseInt(sha256Hex(id).slice(0, 6), 16) % 16_000_000),
  };
}

const zCreate = z.strictObject({
  name: zName.optional(),
  description: zDescription.optional(),
  admin_state_up: zBool.optional(),
  shared: zBool.optional(),
  'router:external': zBool.optional(),
  mtu: z.number().int().min(68).max(9000).optional(),
  port_security_enabled: zBool.optional(),
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
  name: zName.optional(),
  description: zDescription.optional(),
  admin_state_up: zBool.optional(),
  shared: zBool.optional(),
  'router:external': zBool.optional(),
  mtu: z.number().int().min(68).max(9000).optional(),
  port_security_enabled: zBool.optional(),
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
      ...ADMIN_ONLY,
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
    const auth = c.get('auth');
    const current = findOwned(site, auth, NETWORKS, c.req.param('id'), 'update');
    const request = await readBody(c, 'network', zUpdate);
    requireAdminFor(auth, 'update', request, ['shared', 'router:external', 'is_default']);
    const updates = Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined));
    const body = save(site, KINDS.network, { ...current, ...updates });
    return c.json({ network: NETWORKS.render(site, auth, body) });
  });

  app.delete('/networks/:id', (c) => {
    const auth = c.get('auth');
    const network = findOwned(site, auth, NETWORKS, c.req.param('id'), 'delete');
    site.store.transaction(() => deleteNetwork(site, network));
    return c.body(null, 204);
  });
}

/** Deletes the network and its subnets unless ports (other than DHCP ones) or floating IPs use it. */
export function deleteNetwork(site: SiteContext, network: NetworkBody): void {
  const ports = site.store
    .list<PortBody>(KINDS.port)
    .filter((port) => port.network_id === network.id);
  const inUse =
    ports.some((port) => port.device_owner !== 'network:dhcp') ||
    site.store
      .list<FloatingIpBody>(KINDS.floatingIp)
      .some((fip) => fip.floating_network_id === network.id);
  if (inUse) {
    throw conflict(
      'NetworkInUse',
      `Unable to complete operation on network ${network.id}. There are one or more ports still in use on the network.`,
    );
  }
  for (const port of ports) site.store.delete(KINDS.port, port.id);
  for (const subnetId of network.subnets) site.store.delete(KINDS.subnet, subnetId);
  site.store.delete(KINDS.network, network.id);
}
