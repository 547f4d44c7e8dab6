import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import { validationHook } from '../validation.js';
import { loadEndpoints, loadPiDowntimes, loadSites } from './data.js';
import { downtimeList, nestedDowntimeList } from './downtimes.js';
import type { PiParams } from './params.js';
import { serviceTypeList } from './service-types.js';
import { serviceList } from './services.js';
import { siteDetails, siteList } from './sites.js';
import { renderDocument, text, type XmlElement } from './xml.js';

const PI_METHODS = [
  'get_site_list',
  'get_site',
  'get_service',
  'get_service_endpoint',
  'get_service_types',
  'get_downtime',
  'get_downtime_nested_services',
] as const;

/** A sitename filter that names one site: no LIKE wildcard, plain ASCII (SQL lower() is ASCII). */
function exactName(pattern: string | undefined): string | undefined {
  if (pattern === undefined || /[%_]/.test(pattern) || !/^[\x20-\x7e]+$/.test(pattern))
    return undefined;
  return pattern;
}

// A new object per response: @hono/node-server writes Content-Length into the headers it is given.
const xmlHeaders = () => ({ 'content-type': 'application/xml' });

async function answer(
  ctx: HubContext,
  method: string | undefined,
  params: PiParams,
  url: URL,
): Promise<XmlElement> {
  const db = ctx.database.db;
  const publicUrl = ctx.config.publicUrl;
  // Only the service lists filter every row by sitename, so only they may load just that site.
  const serviceQuery = method === 'get_service' || method === 'get_service_endpoint';
  const exactSite = serviceQuery ? exactName(params.sitename) : undefined;
  const sites = await loadSites(db, exactSite);
  switch (method) {
    case 'get_site_list':
      return siteList(sites, params);
    case 'get_site':
      return siteDetails(sites, params, url, publicUrl);
    case 'get_service':
    case 'get_service_endpoint':
      return serviceList(
        await loadEndpoints(db, sites, exactSite !== undefined),
        params,
        url,
        publicUrl,
      );
    case 'get_service_types':
      return serviceTypeList(await loadEndpoints(db, sites), params);
    case 'get_downtime':
    case 'get_downtime_nested_services': {
      const endpoints = await loadEndpoints(db, sites);
      const downtimes = await loadPiDowntimes(db, sites, endpoints);
      const render = method === 'get_downtime' ? downtimeList : nestedDowntimeList;
      return render(downtimes, params, url, publicUrl, ctx.now());
    }
    default:
      throw new HubError(
        'BAD_REQUEST',
        method
          ? `Unable to find method: ${method}`
          : `No method given: use ?method= with one of ${PI_METHODS.join(', ')}`,
      );
  }
}

function errorDocument(c: Context, message: string) {
  return c.body(renderDocument(text('error', message)), 400, xmlHeaders());
}

/**
 * GOCDB's Programmatic Interface (read part): `?method=...` plus GOCDB's filter parameters, XML
 * answers shaped like GOCDB's, errors as an `<error>` document. The private path serves the
 * same data (this hub's registry is public; GOCDB reserves get_site for authenticated callers).
 */
export function gocdbRoutes(ctx: HubContext): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const handle = async (c: Context) => {
    const url = new URL(c.req.url);
    // Repeated parameters: the last one wins, as PHP's $_GET does.
    const params: PiParams = Object.fromEntries(url.searchParams);
    const method = params.method;
    delete params.method;
    delete params.output;
    try {
      return c.body(renderDocument(await answer(ctx, method, params, url)), 200, xmlHeaders());
    } catch (error) {
      if (error instanceof HubError && error.code === 'BAD_REQUEST') {
        return errorDocument(c, error.message);
      }
      throw error;
    }
  };

  for (const access of ['public', 'private'] as const) {
    const route = createRoute({
      method: 'get',
      path: `/gocdbpi/${access}/`,
      tags: ['GOCDB PI'],
      summary: `GOCDB Programmatic Interface (${access}), read methods`,
      request: {
        query: z.object({
          method: z
            .string()
            .optional()
            .openapi({ description: PI_METHODS.join(' | ') }),
        }),
      },
      responses: {
        200: {
          description: 'the GOCDB XML document',
          content: { 'application/xml': { schema: z.string() } },
        },
        400: {
          description: 'unknown method or parameter: <error>message</error>',
          content: { 'application/xml': { schema: z.string() } },
        },
      },
    });
    app.openapi(route, handle, (result, c) =>
      result.success ? undefined : errorDocument(c, 'Invalid method parameter'),
    );
    app.get(`/gocdbpi/${access}`, handle);
  }
  return app;
}
