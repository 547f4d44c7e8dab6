import type { Hono } from 'hono';
import type { AuthEnv } from '../keystone/auth.js';
import { NeutronError } from './errors.js';

/**
 * The extensions this Neutron implements (what their aliases promise is honoured by the routes).
 * https://docs.openstack.org/api-ref/network/v2/#extensions
 */
const EXTENSIONS: [alias: string, name: string, description: string][] = [
  [
    'router',
    'Neutron L3 Router',
    'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
  ],
  [
    'external-net',
    'Neutron external network',
    'Adds external network attribute to network resource.',
  ],
  [
    'ext-gw-mode',
    'Neutron L3 Configurable external gateway mode',
    'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway',
  ],
  ['extraroute', 'Neutron Extra Route', 'Extra routes configuration for L3 router'],
  ['security-group', 'security-group', 'The security groups extension.'],
  [
    'stateful-security-group',
    'Stateful security group',
    'Indicates if the security group is stateful or not',
  ],
  ['port-security', 'Port Security', 'Provides port security'],
  ['allowed-address-pairs', 'Allowed Address Pairs', 'Provides allowed address pairs'],
  ['binding', 'Port Binding', 'Expose port bindings of a virtual port to external application'],
  ['provider', 'Provider Network', 'Expose mapping of virtual networks to physical networks'],
  ['net-mtu', 'Network MTU', 'Provides MTU attribute for a network resource.'],
  ['availability_zone', 'Availability Zone', 'The availability zone extension.'],
  [
    'network_availability_zone',
    'Network Availability Zone',
    'Availability zone support for network.',
  ],
  ['router_availability_zone', 'Router Availability Zone', 'Availability zone support for router.'],
  ['quotas', 'Quota management support', 'Expose functions for quotas management per project'],
  [
    'quota_details',
    'Quota details management support',
    'Expose functions for quotas usage statistics per project',
  ],
  [
    'project-id',
    'project_id field enabled',
    'Extension that indicates that project_id field is enabled.',
  ],
  [
    'standard-attr-description',
    'standard-attr-description',
    'Extension to add descriptions to standard attributes',
  ],
  [
    'standard-attr-tag',
    'Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip',
    'Enables to set tag on resources with standard attribute.',
  ],
  [
    'standard-attr-revisions',
    'Resource revision numbers',
    'This extension will display the revision number of neutron resources.',
  ],
  [
    'standard-attr-timestamp',
    'Resource timestamps',
    'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.',
  ],
  [
    'fip-port-details',
    'Floating IP Port Details Extension',
    'Add port_details attribute to Floating IP resource',
  ],
  [
    'filter-validation',
    'Filter parameters validation',
    'Provides validation on filter parameters.',
  ],
  ['pagination', 'Pagination support', 'Extension that indicates that pagination is enabled.'],
  ['sorting', 'Sorting support', 'Extension that indicates that sorting is enabled.'],
];

function extensionBody(alias: string, name: string, description: string): Record<string, unknown> {
  return { alias, name, description, updated: '2013-01-20T00:00:00-00:00', links: [] };
}

/** GET /v2.0/extensions and /v2.0/extensions/{alias}. */
export function extensionRoutes(app: Hono<AuthEnv>): void {
  app.get('/extensions', (c) =>
    c.json({
      extensions: EXTENSIONS.map(([alias, name, description]) =>
        extensionBody(alias, name, description),
      ),
    }),
  );
  app.get('/extensions/:alias', (c) => {
    const alias = c.req.param('alias');
    const found = EXTENSIONS.find(([a]) => a === alias);
    if (!found)
      throw new NeutronError(404, 'HTTPNotFound', `Extension with alias ${alias} does not exist`);
    return c.json({ extension: extensionBody(...found) });
  });
}
