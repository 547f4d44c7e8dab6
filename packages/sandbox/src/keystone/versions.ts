import { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import { serviceUrl } from '../site/context.js';

/**
 * Identity API version discovery. `GET /` lists versions with 300 Multiple Choices and
 * `GET /v3` describes the one version; keystoneauth accepts either as the auth URL.
 * https://docs.openstack.org/api-ref/identity/v3/#version-discovery
 */
function versionDocument(site: SiteContext) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${serviceUrl(site, 'identity')}/` }],
    'media-types': [
      { base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' },
    ],
  };
}

export function versionRoutes(site: SiteContext): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ versions: { values: [versionDocument(site)] } }, 300));
  app.get('/v3', (c) => c.json({ version: versionDocument(site) }));
  app.get('/v3/', (c) => c.json({ version: versionDocument(site) }));
  return app;
}
