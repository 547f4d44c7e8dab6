import type { CinderApp } from './env.js';

/** The single `nova` storage availability zone. */
export function registerAvailabilityZoneRoutes(app: CinderApp): void {
  // https://docs.openstack.org/api-ref/block-storage/v3/#availability-zones-os-availability-zone
  app.get('/:project_id/os-availability-zone', (c) =>
    c.json({ availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true } }] }),
  );
}
