import { Hono, type Context } from 'hono';
import { requireProjectToken, type AuthEnv } from '../keystone/auth.js';
import { serviceUrl, type SiteContext } from '../site/context.js';
import { requestId } from '../site/ids.js';
import { neutronErrorBody, webobErrorPage } from '../site/fault-bodies.js';
import { ServiceError } from '../site/service-error.js';
import { NeutronError, neutronErrorResponse } from './errors.js';
import { floatingIpRoutes } from './floating-ips.js';
import { networkRoutes } from './networks.js';
import { portRoutes } from './port-routes.js';
import { quotaRoutes } from './quotas.js';
import { routerRoutes } from './routers.js';
import { securityGroupRoutes } from './security-groups.js';
import { subnetRoutes } from './subnets.js';

export { seedNetwork } from './seed.js';

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

const COLLECTIONS: [name: string, collection: string][] = [
  ['network', 'networks'],
  ['subnet', 'subnets'],
  ['port', 'ports'],
  ['router', 'routers'],
  ['floatingip', 'floatingips'],
  ['security_group', 'security-groups'],
  ['security_group_rule', 'security-group-rules'],
  ['quota', 'quotas'],
];

function extensionBody(alias: string, name: string, description: string): Record<string, unknown> {
  return { alias, name, description, updated: '2013-01-20T00:00:00-00:00', links: [] };
}

function onError(error: Error, c: Context): Response {
  if (error instanceof NeutronError) return neutronErrorResponse(c, error);
  if (error instanceof ServiceError) {
    return neutronErrorResponse(c, new NeutronError(error.status, 'HTTPBadRequest', error.message));
  }
  console.error('neutron emulation failed', error);
  return c.json(
    neutronErrorBody(
      'HTTPInternalServerError',
      'Request Failed: internal server error while processing your request.',
    ),
    500,
  );
}

/** Neutron v2.0 at `/network` (the catalogue's network endpoint), behind Keystone tokens. */
export function networkApp(site: SiteContext): Hono {
  const base = serviceUrl(site, 'network');
  const app = new Hono();
  app.onError(onError);
  // neutron-server's request_id middleware answers every request with its id.
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('x-openstack-request-id', requestId());
  });

  // Version discovery is unauthenticated, as in neutron's api-paste pipeline.
  const versions = (c: Context<AuthEnv> | Context) =>
    c.json({
      versions: [
        { id: 'v2.0', status: 'CURRENT', links: [{ href: `${base}/v2.0/`, rel: 'self' }] },
      ],
    });
  // Hono routes are strict about trailing slashes; keystoneauth asks for both forms.
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' && /^\/network\/?$/.test(c.req.path)) return versions(c);
    await next();
  });

  const v2 = new Hono<AuthEnv>();
  v2.onError(onError);
  v2.use('*', requireProjectToken(site));
  const resources = (c: Context<AuthEnv> | Context) =>
    c.json({
      resources: COLLECTIONS.map(([name, collection]) => ({
        name,
        collection,
        links: [{ href: `${base}/v2.0/${collection}`, rel: 'self' }],
      })),
    });
  v2.use('*', async (c, next) => {
    if (c.req.method === 'GET' && /^\/network\/v2\.0\/?$/.test(c.req.path)) return resources(c);
    await next();
  });
  v2.get('/extensions', (c) =>
    c.json({
      extensions: EXTENSIONS.map(([alias, name, description]) =>
        extensionBody(alias, name, description),
      ),
    }),
  );
  v2.get('/extensions/:alias', (c) => {
    const alias = c.req.param('alias');
    const found = EXTENSIONS.find(([a]) => a === alias);
    if (!found)
      throw new NeutronError(404, 'HTTPNotFound', `Extension with alias ${alias} does not exist`);
    return c.json({ extension: extensionBody(...found) });
  });

  networkRoutes(v2, site);
  subnetRoutes(v2, site);
  portRoutes(v2, site);
  securityGroupRoutes(v2, site);
  floatingIpRoutes(v2, site);
  routerRoutes(v2, site);
  quotaRoutes(v2, site);
  // Unknown URLs get webob's plain 404, as neutron gives.
  v2.all('*', (c) => {
    const page = webobErrorPage(404, 'The resource could not be found.', 'plain');
    return c.body(page.text, 404, { 'Content-Type': page.contentType });
  });

  app.route('/v2.0', v2);
  return app;
}
