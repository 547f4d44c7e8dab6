import { Hono, type Context } from 'hono';
import { requireProjectToken, type AuthEnv } from '../keystone/auth.js';
import { serviceUrl, type SiteContext } from '../site/context.js';
import { requestId } from '../site/ids.js';
import { neutronErrorBody, webobErrorPage } from '../site/fault-bodies.js';
import { ServiceError } from '../site/service-error.js';
import { NeutronError, neutronErrorResponse } from './errors.js';
import { extensionRoutes } from './extension-routes.js';
import { floatingIpRoutes } from './floating-ip-routes.js';
import { networkRoutes } from './network-routes.js';
import { portRoutes } from './port-routes.js';
import { quotaRoutes } from './quota-routes.js';
import { routerRoutes } from './router-routes.js';
import { securityGroupRoutes } from './security-group-routes.js';
import { subnetRoutes } from './subnet-routes.js';

export { seedNetwork } from './seed.js';
export {
  createServerPort,
  deleteServerPorts,
  ensureDefaultSecurityGroup,
  findSecurityGroup,
  listServerAddresses,
  portFixedIps,
  visibleNetworks,
  type ServerPort,
} from './server-port-store.js';

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
  extensionRoutes(v2);
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
