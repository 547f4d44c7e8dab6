import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { OpenStackError } from '../errors.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import {
  computeQuotaSetSchema,
  limitsSchema,
  type ComputeLimits,
  type ComputeQuotaSet,
} from './schemas.js';

/** https://docs.openstack.org/api-ref/compute/#show-rate-and-absolute-limits */
export async function getLimits(client: Client, options: CallOptions = {}): Promise<ComputeLimits> {
  const response = await client.request('compute', '/limits', options);
  return parseResponse(z.object({ limits: limitsSchema }), response.data, 'compute', 'limits')
    .limits;
}

/**
 * Quotas with usage (`limit`, `in_use`, `reserved` per resource) of a project, the client's own
 * by default.
 * https://docs.openstack.org/api-ref/compute/#show-the-detail-of-quota
 */
export async function getComputeQuotas(
  client: Client,
  projectId: string | undefined = client.auth.projectId,
  options: CallOptions = {},
): Promise<ComputeQuotaSet> {
  if (projectId === undefined) {
    throw new OpenStackError('INVALID_ARGUMENT', 'getComputeQuotas needs a project id', {
      service: 'compute',
    });
  }
  const response = await client.request(
    'compute',
    `/os-quota-sets/${segment(projectId)}/detail`,
    options,
  );
  return parseResponse(
    z.object({ quota_set: computeQuotaSetSchema }),
    response.data,
    'compute',
    'quota set',
  ).quota_set;
}
