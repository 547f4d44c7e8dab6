import type { Context, Env, Handler, Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import { METHOD_NOT_ALLOWED, expectingToFind, keystoneError } from './errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Registers the methods a Keystone resource supports and answers every other method with 405, as
 * Flask does for a known URL (HEAD is served by GET, like Flask).
 */
export function resource<E extends Env>(
  app: Hono<E>,
  path: string,
  handlers: Partial<Record<Method, Handler<E>>>,
): void {
  const allowed = Object.keys(handlers);
  for (const [method, handler] of Object.entries(handlers)) app.on(method, path, handler);
  app.all(path, (c) => {
    c.header(
      'Allow',
      [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', '),
    );
    return keystoneError(c, 405, METHOD_NOT_ALLOWED);
  });
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Keystone's JSON body middleware: a non-JSON content type or an unparsable body is a 400
 * ValidationError, and the body must be an object. An empty body reads as `{}`.
 * (keystone/server/flask/request_processing/json_body.py)
 */
export async function readJsonObject(c: Context): Promise<JsonBody> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: {} };
  const type = c.req.header('content-type');
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    return {
      ok: false,
      response: keystoneError(c, 400, expectingToFind('application/json', 'Content-Type header')),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      response: keystoneError(c, 400, expectingToFind('valid JSON', 'request body')),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      response: keystoneError(c, 400, expectingToFind('valid JSON object', 'request body')),
    };
  }
  return { ok: true, value };
}

/** A collection's `links.self`: the site's public URL of the request, query string included. */
export function selfLink(site: SiteContext, c: Context): string {
  const url = new URL(c.req.url);
  return `${site.baseUrl}${url.pathname}${url.search}`;
}

export function collectionLinks(site: SiteContext, c: Context) {
  return { self: selfLink(site, c), previous: null, next: null };
}

/** A path parameter; `resource()` handlers are not typed by their path, so absent reads as ''. */
export function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}
