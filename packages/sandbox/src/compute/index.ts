import { Hono, type MiddlewareHandler } from 'hono';
import { requireProjectToken } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { requestId } from '../site/ids.js';
import { availabilityZoneRoutes } from './availability-zone-routes.js';
import { consoleRoutes } from './console-routes.js';
import { consoleServer } from './console-store.js';
import { consolePage } from './console-view.js';
import type { ComputeEnv } from './env.js';
import { badRequest, novaFault, toNovaError } from './errors.js';
import { flavorRoutes } from './flavor-routes.js';
import { seedFlavors } from './flavor-store.js';
import { keypairRoutes } from './keypair-routes.js';
import { limitRoutes } from './limit-routes.js';
import { microversionMiddleware } from './microversion.js';
import { quotaRoutes } from './quota-routes.js';
import { seedQuotas } from './quota-store.js';
import { serverRoutes } from './server-routes.js';
import { loadServer } from './server-store.js';
import { usageRoutes } from './usage-routes.js';
import { versionDocument, versionsDocument } from './versions.js';

/** Keystone project ids are 32 hex characters; nothing else may follow `/v2.1/` in that form. */
const PROJECT_SEGMENT = /^[0-9a-f]{32}$/;

/**
 * Nova's API, mounted at `/compute`: unauthenticated version documents at `/` and `/v2.1/`, the
 * v2.1 API behind keystonemiddleware at `/v2.1/...`. Since 2.18 URLs carry no project id; the
 * legacy `/v2.1/{project_id}/...` form is accepted too and then echoed in links, as Nova does.
 */
export function computeApp(site: SiteContext): Hono {
  const api = buildApi(site);
  const app = new Hono();
  // Nova's request_id middleware sits in front of everything, auth failures included.
  app.use(async (c, next) => {
    const id = requestId();
    await next();
    c.res.headers.set('x-openstack-request-id', id);
    c.res.headers.set('x-compute-request-id', id);
  });
  app.get('/', (c) => c.json(versionsDocument(site)));
  // What the console URLs open; the token is the credential, as with nova-novncproxy.
  app.get('/vnc_lite.html', (c) => {
    const serverId = consoleServer(site, c.req.query('path'));
    const server = serverId ? loadServer(site, serverId) : undefined;
    if (!server)
      return c.html('<!doctype html><p>The console token is unknown or has expired.</p>', 404);
    return c.html(consolePage(site, server));
  });
  app.get('/v2.1', (c) => c.json(versionDocument(site)));
  app.get('/v2.1/', (c) => c.json(versionDocument(site)));
  app.all('/v2.1/*', async (c) => {
    const path = c.req.path;
    let rest = path.slice(path.indexOf('/v2.1/') + '/v2.1'.length);
    let urlProjectId: string | undefined;
    const first = rest.split('/')[1] ?? '';
    if (PROJECT_SEGMENT.test(first)) {
      urlProjectId = first;
      rest = rest.slice(first.length + 1) || '/';
    }
    const url = new URL(c.req.url);
    url.pathname = rest;
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    const request = new Request(url, { method, headers: c.req.raw.headers, body });
    return api.fetch(request, urlProjectId ? { urlProjectId } : {});
  });
  // `/compute/` (with the slash) is the versions document too; anything else is unknown.
  app.get('/*', (c) =>
    /\/compute\/?$/.test(c.req.path)
      ? c.json(versionsDocument(site))
      : novaFault(c, 404, 'The resource could not be found.'),
  );
  return app;
}

function buildApi(site: SiteContext): Hono<ComputeEnv> {
  const api = new Hono<ComputeEnv>();
  api.use(requireProjectToken(site) as unknown as MiddlewareHandler<ComputeEnv>);
  api.use(async (c, next) => {
    const urlProject = c.env?.urlProjectId;
    if (urlProject && urlProject !== c.var.auth.projectId) {
      throw badRequest(
        `Malformed request URL: URL's project_id '${urlProject}' doesn't match Context's project_id '${c.var.auth.projectId}'`,
      );
    }
    await next();
  });
  api.use(microversionMiddleware() as unknown as MiddlewareHandler<ComputeEnv>);

  flavorRoutes(api, site);
  consoleRoutes(api, site);
  serverRoutes(api, site);
  keypairRoutes(api, site);
  quotaRoutes(api, site);
  limitRoutes(api, site);
  usageRoutes(api, site);
  availabilityZoneRoutes(api, site);
  // Extensions were frozen long ago; an empty list is a valid answer.
  api.get('/extensions', (c) => c.json({ extensions: [] }));

  // A known resource asked with the wrong method is 405; anything else Nova's plain 404.
  let patterns: { method: string; regex: RegExp }[] | undefined;
  api.notFound((c) => {
    patterns ??= api.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({
        method: r.method,
        regex: new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}$`),
      }));
    const path = new URL(c.req.url).pathname;
    if (patterns.some((p) => p.regex.test(path))) {
      return novaFault(c, 405, 'The method specified is not allowed for this resource.');
    }
    return novaFault(c, 404, 'The resource could not be found.');
  });
  api.onError((err, c) => {
    const nova = toNovaError(err);
    if (nova) return novaFault(c, nova.status, nova.message);
    console.error('compute: unexpected error', err);
    return novaFault(
      c,
      500,
      'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.',
    );
  });
  return api;
}

/** Flavors from the site spec and a quota record per known project; safe on every start. */
export function seedCompute(site: SiteContext): void {
  seedFlavors(site);
  seedQuotas(site);
}
