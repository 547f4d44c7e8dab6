import { Hono } from 'hono';
import { requestId } from '../site/ids.js';
import type { SiteContext } from '../site/context.js';
import { tokenScopeRoutes } from './token-scope-routes.js';
import { tokenRoutes } from './token-routes.js';
import { versionRoutes } from './versions.js';
import { keystoneError, NOT_FOUND } from './errors.js';
import { federationRoutes } from './federation-routes.js';
import { assignmentRoutes } from './assignment-routes.js';
import { projectRoutes } from './project-routes.js';
import { userRoutes } from './user-routes.js';

export { AGENT_USERNAME } from './agent-user.js';
export { seedIdentity } from './seed.js';

/**
 * The site's Keystone, mounted at the site root: version discovery at `/`, the v3 API under `/v3`.
 * https://docs.openstack.org/api-ref/identity/v3/
 */
export function keystoneApp(site: SiteContext): Hono {
  const app = new Hono();
  // oslo.middleware's request_id filter; apache's own pages (mod_auth_openidc) have none.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.res.headers.set('x-openstack-request-id', requestId());
    }
  });
  app.route('/', versionRoutes(site));
  app.route('/', tokenRoutes(site));
  app.route('/', tokenScopeRoutes(site));
  app.route('/', federationRoutes(site));
  app.route('/', assignmentRoutes(site));
  app.route('/', projectRoutes(site));
  app.route('/', userRoutes(site));
  // Flask's 404 for any other v3 path, in Keystone's error shape.
  app.all('/v3/*', (c) => keystoneError(c, 404, NOT_FOUND));
  app.onError((error, c) => {
    console.error(`keystone ${site.spec.name}: ${c.req.method} ${c.req.path}:`, error);
    return keystoneError(
      c,
      500,
      'An unexpected error prevented the server from fulfilling your request.',
    );
  });
  return app;
}
