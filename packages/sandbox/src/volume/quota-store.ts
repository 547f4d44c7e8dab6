import type { SiteContext } from '../site/context.js';
import { CinderError } from './errors.js';
import { allVolumes } from './volume-store.js';

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
