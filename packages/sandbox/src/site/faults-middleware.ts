import type { MiddlewareHandler } from 'hono';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SiteContext } from './context.js';

const KEYSTONE_PATH = /^\/(v3(\/|$)|$)/;

/**
 * Applies the site's injected faults to each request. `down` and `hang` are handled by the
 * listener (a closed port and a silent socket); this adds latency and random 503s.
 */
export function faultsMiddleware(site: SiteContext): MiddlewareHandler {
  return async (c, next) => {
    const { faults } = site;
    let delay = faults.latencyMs;
    if (KEYSTONE_PATH.test(c.req.path)) delay += faults.keystoneLatencyMs;
    if (delay > 0) await sleep(delay);
    if (faults.errorRate > 0 && Math.random() < faults.errorRate) {
      // What an overloaded API behind HAProxy/Apache typically returns.
      return c.text(
        '503 Service Unavailable\n\nNo server is available to handle this request.\n',
        503,
      );
    }
    await next();
  };
}
