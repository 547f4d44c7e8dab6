import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import { networkQuotaSchema, type NetworkQuota } from './schemas.js';

/**
 * A project's network quota limits (-1 for unlimited).
 * https://docs.openstack.org/api-ref/network/v2/#show-quota-details-for-a-tenant
 */
export async function getNetworkQuotas(
  client: Client,
  projectId: string,
  options: CallOptions = {},
): Promise<NetworkQuota> {
  const response = await client.request('network', `/v2.0/quotas/${segment(projectId)}`, options);
  return parseResponse(z.object({ quota: networkQuotaSchema }), response.data, 'network', 'quota')
    .quota;
}
