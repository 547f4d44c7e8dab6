import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import {
  volumeLimitsSchema,
  volumeQuotaSetSchema,
  type VolumeLimits,
  type VolumeQuotaSet,
} from './schemas.js';

/**
 * Absolute limits with their usage (`maxTotalVolumeGigabytes`, `totalGigabytesUsed`, …).
 * https://docs.openstack.org/api-ref/block-storage/v3/#limits-limits
 */
export async function getVolumeLimits(
  client: Client,
  options: CallOptions = {},
): Promise<VolumeLimits> {
  const response = await client.request('volumev3', '/limits', options);
  return parseResponse(
    z.object({ limits: volumeLimitsSchema }),
    response.data,
    'volumev3',
    'limits',
  ).limits;
}

/**
 * A project's block-storage quota limits, per volume type too (`gigabytes_<type>`).
 * https://docs.openstack.org/api-ref/block-storage/v3/#show-quotas-for-a-project
 */
export async function getVolumeQuotas(
  client: Client,
  projectId: string,
  options: CallOptions = {},
): Promise<VolumeQuotaSet> {
  const response = await client.request(
    'volumev3',
    `/os-quota-sets/${segment(projectId)}`,
    options,
  );
  return parseResponse(
    z.object({ quota_set: volumeQuotaSetSchema }),
    response.data,
    'volumev3',
    'quota set',
  ).quota_set;
}
