import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { OpenStackError } from '../errors.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import {
  computeQuotaLimitsSchema,
  computeQuotaSetSchema,
  limitsSchema,
  type ComputeLimits,
  type ComputeQuotaLimits,
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
  const response = await client.request(
    'compute',
    `/os-quota-sets/${segment(requireProject(projectId, 'getComputeQuotas'))}/detail`,
    options,
  );
  return parseResponse(
    z.object({ quota_set: computeQuotaSetSchema }),
    response.data,
    'compute',
    'quota set',
  ).quota_set;
}

/**
 * A project's quota limits alone (`cores: 20`), the client's own project by default: what policy
 * lets a member read where the detail with usage may be refused.
 * https://docs.openstack.org/api-ref/compute/#show-a-quota
 */
export async function getComputeQuotaLimits(
  client: Client,
  projectId: string | undefined = client.auth.projectId,
  options: CallOptions = {},
): Promise<ComputeQuotaLimits> {
  const response = await client.request(
    'compute',
    `/os-quota-sets/${segment(requireProject(projectId, 'getComputeQuotaLimits'))}`,
    options,
  );
  return parseResponse(
    z.object({ quota_set: computeQuotaLimitsSchema }),
    response.data,
    'compute',
    'quota set',
  ).quota_set;
}

function requireProject(projectId: string | undefined, caller: string): string {
  if (projectId === undefined) {
    throw new OpenStackError('INVALID_ARGUMENT', `${caller} needs a project id`, {
      service: 'compute',
    });
  }
  return projectId;
}
