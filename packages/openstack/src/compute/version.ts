import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { parseResponse } from '../parse.js';
import { computeVersionSchema } from './schemas.js';

const versionDocumentSchema = z
  .object({
    version: computeVersionSchema.optional(),
    versions: z.array(computeVersionSchema).optional(),
  })
  .loose();

/**
 * Nova's current (maximum) microversion, as novaclient's `versions.get_current()` reads it: the
 * versioned endpoint's own document, else the CURRENT entry of a version list (an endpoint
 * registered without its version answers with the root list). Undefined when neither names one.
 * https://docs.openstack.org/api-ref/compute/#api-versions
 */
export async function getComputeMicroversion(
  client: Client,
  options: CallOptions = {},
): Promise<string | undefined> {
  // The endpoint itself, not a path below it: the document lives exactly there.
  const endpoint = client.endpoint('compute').replace(/\/+$/, '');
  const response = await client.request('compute', endpoint, options);
  const document = parseResponse(
    versionDocumentSchema,
    response.data,
    'compute',
    'version document',
  );
  return (
    document.version?.version ??
    document.versions?.find((version) => version.status === 'CURRENT')?.version
  );
}
