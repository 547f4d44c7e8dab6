import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { HubContext } from '../../context.js';
import {
  CachedBody,
  type CloudInfoSite,
  type CloudInfoView,
  CloudInfoViews,
  fedcloudSiteYaml,
  onlyEgi,
} from '../../info/index.js';
import { validationHook } from '../validation.js';
import { cloudInfoDocs } from './openapi.js';
import { sendCached } from './send.js';

/** An answer in FastAPI's shape ({"detail": ...}), as cloud-info-api gives it. */
class FastApiError extends Error {
  constructor(
    readonly status: 404 | 405 | 422,
    readonly detail: unknown,
  ) {
    super(typeof detail === 'string' ? detail : 'validation error');
  }
}

const TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** pydantic's bool parsing of a query parameter, with FastAPI's 422 on anything else. */
function boolQuery(c: Context, name: string, fallback: boolean): boolean {
  const raw = c.req.query(name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new FastApiError(422, [
    {
      type: 'bool_parsing',
      loc: ['query', name],
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: raw,
    },
  ]);
}

function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}

function siteOf(view: CloudInfoView, name: string, vo = ''): CloudInfoSite {
  const site = view.byName.get(name);
  if (!site) throw new FastApiError(404, `Site ${name} not found`);
  if (vo && !view.supportsVo(site, vo)) {
    throw new FastApiError(404, `VO ${vo} not supported by Site ${name}`);
  }
  return site;
}

/**
 * cloud-info-api (https://is.cloud.egi.eu, EGI-Federation/cloud-info-api app/main.py) served from
 * the hub's published documents, so IM, fedcloudclient and the catch-all scripts keep working
 * against a hub. Paths, query parameters, bodies, 404/422 bodies and FastAPI's trailing-slash
 * redirects (307 to the canonical form) are cloud-info-api's. Every answer comes from the
 * in-memory view (info/store.ts explains when it is refreshed) and is serialised once
 * per view, so the hot path does no database work and no JSON work.
 */
export function cloudInfoRoutes(ctx: HubContext): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const store = ctx.info;
  const views = new CloudInfoViews();

  async function currentView(): Promise<CloudInfoView> {
    const snapshot = store.peek() ?? (await store.current());
    return views.at(snapshot, ctx.now().getTime());
  }

  type Answer = (c: Context, view: CloudInfoView) => CachedBody | Response;
  const get = (path: string, answer: Answer) => {
    app.get(path, async (c) => {
      try {
        const result = answer(c, await currentView());
        return result instanceof Response ? result : sendCached(c, result, 'application/json');
      } catch (error) {
        if (error instanceof FastApiError) return c.json({ detail: error.detail }, error.status);
        throw error;
      }
    });
    app.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, (c) =>
      c.json({ detail: 'Method Not Allowed' }, 405, { allow: 'GET, HEAD' }),
    );
  };
  // Starlette's redirect_slashes: the other form of a route's path answers 307 to it.
  const redirect = (path: string) => {
    app.get(path, (c) => {
      const url = new URL(c.req.url);
      url.pathname = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : `${url.pathname}/`;
      return c.body(null, 307, { location: url.toString() });
    });
  };

  get('/vos/', (_c, view) => view.response('vos', () => view.voNames));

  get('/sites/', (c, view) => {
    const vo = c.req.query('vo_name') ?? '';
    const name = c.req.query('site_name') ?? '';
    const projects = boolQuery(c, 'include_projects', false);
    return view.response(`sites\0${vo}\0${name}\0${projects}`, () => {
      if (name) {
        const site = view.byName.get(name);
        if (!site || (vo && !view.supportsVo(site, vo))) return [];
        return [view.summary(site, projects)];
      }
      return view.sitesFor(vo).map((site) => view.summary(site, projects));
    });
  });

  get('/site/:site/', (c, view) => {
    const site = siteOf(view, param(c, 'site'));
    const projects = boolQuery(c, 'include_projects', false);
    return view.response(`site\0${site.name}\0${projects}`, () => view.summary(site, projects));
  });

  get('/site/:site/projects', (c, view) => {
    const site = siteOf(view, param(c, 'site'));
    return view.response(`projects\0${site.name}`, () => site.projects);
  });

  get('/site/:site/images', (c, view) => {
    const site = siteOf(view, param(c, 'site'));
    const only = boolQuery(c, 'only_egi_images', true);
    return view.response(`site-images\0${site.name}\0${only}`, () =>
      onlyEgi(view.siteImages(site), only),
    );
  });

  get('/site/:site/:vo/project', (c, view) => {
    const vo = param(c, 'vo');
    const site = siteOf(view, param(c, 'site'), vo);
    return view.response(`project\0${site.name}\0${vo}`, () => {
      const share = view.voShare(site, vo)!;
      return { id: share.projectId, name: share.vo };
    });
  });

  get('/site/:site/:vo/images', (c, view) => {
    const vo = param(c, 'vo');
    const site = siteOf(view, param(c, 'site'), vo);
    const only = boolQuery(c, 'only_egi_images', true);
    return view.response(`vo-images\0${site.name}\0${vo}\0${only}`, () =>
      onlyEgi(view.voImages(site, vo), only),
    );
  });

  get('/images/', (c, view) => {
    const vo = c.req.query('vo_name') ?? '';
    const only = boolQuery(c, 'only_egi_images', true);
    return view.response(`images\0${vo}\0${only}`, () =>
      onlyEgi(
        view.sitesFor(vo).flatMap((site) => (vo ? view.voImages(site, vo) : view.siteImages(site))),
        only,
      ),
    );
  });

  get('/fedcloudclient/', (c, view) => {
    const base = (ctx.config.publicUrl || new URL(c.req.url).origin).replace(/\/+$/, '');
    return view.response(`fedcloudclient\0${base}`, () =>
      view.sites.map((site) => `${base}/fedcloudclient/${encodeURIComponent(site.name)}/`),
    );
  });

  get('/fedcloudclient/:site/', (c, view) => {
    const site = siteOf(view, param(c, 'site'));
    const body = view.text(`yaml\0${site.name}`, () =>
      fedcloudSiteYaml({
        gocdb: site.name,
        endpoint: site.url,
        vos: site.shares.map((s) => ({ name: s.vo, projectId: s.projectId })),
      }),
    );
    return sendCached(c, body, 'application/yaml');
  });

  for (const path of [
    '/vos',
    '/sites',
    '/site/:site',
    '/site/:site/projects/',
    '/site/:site/images/',
    '/site/:site/:vo/project/',
    '/site/:site/:vo/images/',
    '/images',
    '/fedcloudclient',
    '/fedcloudclient/:site',
  ]) {
    redirect(path);
  }
  for (const prefix of ['/vos/*', '/sites/*', '/site/*', '/images/*', '/fedcloudclient/*']) {
    app.all(prefix, (c) => c.json({ detail: 'Not Found' }, 404));
  }

  for (const route of cloudInfoDocs()) app.openAPIRegistry.registerPath(route);
  return app;
}
