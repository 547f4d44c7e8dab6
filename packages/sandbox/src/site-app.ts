import { Hono } from 'hono';
import { computeApp } from './compute/index.js';
import { imageApp } from './image/index.js';
import { keystoneApp } from './keystone/index.js';
import { networkApp } from './network/index.js';
import { volumeApp } from './volume/index.js';
import type { SiteContext } from './site/context.js';
import { faultsMiddleware } from './site/faults-middleware.js';

/**
 * One site's HTTP surface, laid out like devstack: Keystone at the root (`/v3`), the other services
 * under their own path prefix. The catalogue advertises these URLs.
 */
export function buildSiteApp(site: SiteContext): Hono {
  const app = new Hono();
  app.use(faultsMiddleware(site));
  app.route('/compute', computeApp(site));
  app.route('/image', imageApp(site));
  app.route('/network', networkApp(site));
  app.route('/volume', volumeApp(site));
  app.route('/', keystoneApp(site));
  return app;
}
