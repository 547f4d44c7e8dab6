import type { SiteContext } from '../site/context.js';
import { usage } from './quota-store.js';
import { DEFAULT_TYPE_NAME } from './volume-model.js';

/** Cinder's quota classes beyond what the spec sets keep their defaults from cinder.conf. */
function limits(site: SiteContext): Record<string, number> {
  const { volumes, gigabytes } = site.spec.quotas;
  return {
    volumes,
    gigabytes,
    snapshots: 10,
    backups: 10,
    backup_gigabytes: 1000,
    groups: 10,
    per_volume_gigabytes: -1,
    [`volumes_${DEFAULT_TYPE_NAME}`]: -1,
    [`gigabytes_${DEFAULT_TYPE_NAME}`]: -1,
    [`snapshots_${DEFAULT_TYPE_NAME}`]: -1,
  };
}

/** https://docs.openstack.org/api-ref/block-storage/v3/#show-quotas-for-a-project */
export function quotaSet(
  site: SiteContext,
  projectId: string,
  withUsage: boolean,
): Record<string, unknown> {
  const used = usage(site, projectId);
  const set: Record<string, unknown> = { id: projectId };
  for (const [key, limit] of Object.entries(limits(site))) {
    if (!withUsage) {
      set[key] = limit;
      continue;
    }
    const inUse =
      key === 'volumes' || key === `volumes_${DEFAULT_TYPE_NAME}`
        ? used.volumes
        : key === 'gigabytes' || key === `gigabytes_${DEFAULT_TYPE_NAME}`
          ? used.gigabytes
          : 0;
    set[key] = { limit, in_use: inUse, reserved: 0, allocated: 0 };
  }
  return set;
}

/** https://docs.openstack.org/api-ref/block-storage/v3/#limits-limits */
export function absoluteLimits(site: SiteContext, projectId: string): Record<string, unknown> {
  const used = usage(site, projectId);
  const l = limits(site);
  return {
    limits: {
      rate: [],
      absolute: {
        totalSnapshotsUsed: 0,
        maxTotalBackups: l.backups,
        maxTotalVolumeGigabytes: l.gigabytes,
        maxTotalSnapshots: l.snapshots,
        maxTotalBackupGigabytes: l.backup_gigabytes,
        totalBackupGigabytesUsed: 0,
        maxTotalVolumes: l.volumes,
        totalVolumesUsed: used.volumes,
        totalBackupsUsed: 0,
        totalGigabytesUsed: used.gigabytes,
      },
    },
  };
}
