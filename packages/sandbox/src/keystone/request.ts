import type { Context } from 'hono';
import { expectingToFind, keystoneError } from './errors.js';

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

/** A path parameter; `resource()` handlers are not typed by their path, so absent reads as ''. */
export function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}
