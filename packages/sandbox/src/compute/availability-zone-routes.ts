import type { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import type { ComputeEnv } from './env.js';
import { requireAdmin } from './errors.js';

/** GET /os-availability-zone[/detail]: one `nova` zone, and its hosts for admins. */
export function availabilityZoneRoutes(app: Hono<ComputeEnv>, _site: SiteContext): void {
  app.get('/os-availability-zone', (c) =>
    c.json({
      availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true }, hosts: null }],
    }),
  );
  app.get('/os-availability-zone/detail', (c) => {
    requireAdmin(c, 'os_compute_api:os-availability-zone:detail');
    const service = {
      available: true,
      active: true,
      updated_at: new Date().toISOString().replace('Z', ''),
    };
    const hosts = Object.fromEntries(
      [1, 2, 3, 4].map((n) => [`compute-0${n}`, { 'nova-compute': service }]),
    );
    return c.json({
      availabilityZoneInfo: [
        {
          zoneName: 'internal',
          zoneState: { available: true },
          hosts: { controller: { 'nova-scheduler': service, 'nova-conductor': service } },
        },
        { zoneName: 'nova', zoneState: { available: true }, hosts },
      ],
    });
  });
}
