import { Hono, type Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import { reachableProjects } from './access.js';
import { buildCatalog } from './catalog-view.js';
import { callerOf } from './caller.js';
import { FORBIDDEN, keystoneError } from './errors.js';
import { collectionLinks, renderProject } from './resource-view.js';
import { resource } from './resource-routes.js';

/**
 * What the caller's own token can reach: /v3/auth/{catalog,projects,domains} and the deprecated
 * OS-FEDERATION aliases fedcloudclient still uses. Any valid token (unscoped included) may ask.
 * https://docs.openstack.org/api-ref/identity/v3/#get-available-project-scopes
 */
export function tokenScopeRoutes(site: SiteContext): Hono {
  const app = new Hono();

  const projects = (c: Context): Response => {
    const caller = callerOf(site, c);
    if (caller instanceof Response) return caller;
    return c.json({
      projects: reachableProjects(site, caller).map((p) => renderProject(site, p)),
      links: collectionLinks(site, c),
    });
  };
  // The sandbox grants no domain-level roles, so no token reaches a domain.
  const domains = (c: Context): Response => {
    const caller = callerOf(site, c);
    if (caller instanceof Response) return caller;
    return c.json({ domains: [], links: collectionLinks(site, c) });
  };

  resource(app, '/v3/auth/projects', { GET: projects });
  resource(app, '/v3/OS-FEDERATION/projects', { GET: projects });
  resource(app, '/v3/auth/domains', { GET: domains });
  resource(app, '/v3/OS-FEDERATION/domains', { GET: domains });
  resource(app, '/v3/auth/catalog', {
    GET: (c) => {
      const caller = callerOf(site, c);
      if (caller instanceof Response) return caller;
      // Keystone raises Forbidden ("A project-scoped token is required…"), shown without detail.
      if (!caller.projectId) return keystoneError(c, 403, FORBIDDEN);
      return c.json({
        catalog: buildCatalog(site, caller.projectId),
        links: collectionLinks(site, c),
      });
    },
  });
  return app;
}
