import type { CinderApp } from './env.js';

/** Snapshots and backups of volumes: the sandbox makes none, so the lists are empty. */
export function registerSnapshotRoutes(app: CinderApp): void {
  // https://docs.openstack.org/api-ref/block-storage/v3/#snapshots-snapshots
  // and #backups-backups: none exist, but clients list them (e.g. before deleting a volume).
  app.get('/:project_id/snapshots', (c) => c.json({ snapshots: [] }));
  app.get('/:project_id/snapshots/detail', (c) => c.json({ snapshots: [] }));
  app.get('/:project_id/backups', (c) => c.json({ backups: [] }));
  app.get('/:project_id/backups/detail', (c) => c.json({ backups: [] }));
}
