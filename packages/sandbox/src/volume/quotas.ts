import type { SiteContext } from '../site/context.js';
import { CinderError } from './errors.js';
import { DEFAULT_TYPE_NAME, allVolumes } from './model.js';

export interface Usage {
  volumes: number;
  gigabytes: number;
}

export function usage(site: SiteContext, projectId: string): Usage {
  const volumes = allVolumes(site, projectId).map((v) => v.volume);
  return { volumes: volumes.length, gigabytes: volumes.reduce((sum, v) => sum + v.size, 0) };
}

/**
 * Refuses what would exceed the project's quota with the faults cinder/quota_utils.py raises:
 * VolumeLimitExceeded and VolumeSizeExceedsAvailableQuota (413, Retry-After 0), the message
 * prefixed with the exception class as cinder's FaultWrapper does for "safe" exceptions.
 */
export function checkQuota(site: SiteContext, projectId: string, add: Usage): void {
  const { volumes: maxVolumes, gigabytes: maxGigabytes } = site.spec.quotas;
  const used = usage(site, projectId);
  const headers = { 'Retry-After': '0' };
  if (add.volumes > 0 && maxVolumes >= 0 && used.volumes + add.volumes > maxVolumes) {
    throw new CinderError(
      413,
      `VolumeLimitExceeded: Maximum number of volumes allowed (${maxVolumes}) exceeded for quota 'volumes'.`,
      headers,
    );
  }
  if (maxGigabytes >= 0 && used.gigabytes + add.gigabytes > maxGigabytes) {
    throw new CinderError(
      413,
      `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${add.gigabytes}G, quota is ${maxGigabytes}G and ${used.gigabytes}G has been consumed.`,
      headers,
    );
  }
}

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
