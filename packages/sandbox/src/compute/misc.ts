import type { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import type { ComputeEnv } from './env.js';
import { requireAdmin } from './flavors.js';

/** Small read-only resources clients probe: availability zones and the (empty) extension list. */
export function miscRoutes(app: Hono<ComputeEnv>, _site: SiteContext): void {
  // https://docs.openstack.org/api-ref/compute/#availability-zones-os-availability-zone
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
  // Extensions were frozen long ago; an empty list is a valid answer.
  app.get('/extensions', (c) => c.json({ extensions: [] }));
}
