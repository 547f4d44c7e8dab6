import type { Env, Handler, Hono } from 'hono';
import { METHOD_NOT_ALLOWED, keystoneError } from './errors.js';

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
