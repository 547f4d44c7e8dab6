import { Hono } from 'hono';
import { requireProjectToken, type AuthEnv } from '../keystone/auth.js';
import { SERVICE_PATHS, type SiteContext } from '../site/context.js';
import { requestId } from '../site/ids.js';
import { GlanceError, glanceErrorResponse } from './errors.js';
import { registerImageRoutes } from './image-routes.js';
import { registerMemberRoutes } from './member-routes.js';
import { SCHEMAS } from './schema-view.js';
import { glanceVersions } from './versions.js';

export { findImageForProject } from './image-store.js';
export { seedImages } from './seed.js';

/**
 * Glance v2, mounted at /image (https://docs.openstack.org/api-ref/image/v2/). The version
 * document is public; everything under /v2 sits behind keystonemiddleware.
 */
export function imageApp(site: SiteContext): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('x-openstack-request-id', requestId());
  });
  // A sub-app's '/' only matches `/image`; keystoneauth asks for `/image/`, which no route of a
  // mounted app can match, so the version document answers it from middleware.
  app.use('/*', async (c, next) => {
    if (c.req.method === 'GET' && c.req.path === `${SERVICE_PATHS.image}/`) {
      return c.json(glanceVersions(site), 300);
    }
    await next();
  });
  app.get('/', (c) => c.json(glanceVersions(site), 300));
  // An explicit /versions answers 200 (glance bug 1491350: glanceclient treats a 300 as an error).
  app.get('/versions', (c) => c.json(glanceVersions(site), 200));

  const v2 = new Hono<AuthEnv>();
  v2.use(requireProjectToken(site));
  v2.onError((error, c) => {
    if (error instanceof GlanceError) return glanceErrorResponse(c, error);
    throw error;
  });
  v2.get('/schemas/:name', (c) => {
    const schema = SCHEMAS[c.req.param('name')];
    if (!schema)
      return glanceErrorResponse(c, new GlanceError(404, 'The resource could not be found.'));
    return c.json(schema);
  });
  registerImageRoutes(v2, site);
  registerMemberRoutes(v2, site);
  app.route('/v2', v2);
  return app;
}
