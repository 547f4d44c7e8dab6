import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import { imageSchema, type Image } from './schemas.js';

/** One operation of Glance's JSON-patch dialect; paths name a field, `/tags` or a property. */
export type ImagePatchOperation =
  { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

/** Glance refuses plain JSON for PATCH: it only reads its own patch media type. */
const PATCH_MEDIA_TYPE = 'application/openstack-images-v2.1-json-patch';

/**
 * Changes an image's fields and properties (visibility, name, custom properties) in one PATCH.
 * `add` creates or overwrites; `replace` and `remove` answer 409 for a property that is absent.
 * https://docs.openstack.org/api-ref/image/v2/#update-image
 */
export async function updateImage(
  client: Client,
  id: string,
  operations: readonly ImagePatchOperation[],
  options: CallOptions = {},
): Promise<Image> {
  const response = await client.request('image', `/v2/images/${segment(id)}`, {
    method: 'PATCH',
    body: operations,
    headers: { 'Content-Type': PATCH_MEDIA_TYPE },
    expected: [200],
    ...options,
  });
  return parseResponse(imageSchema, response.data, 'image', 'image');
}

/**
 * Deactivates an image (204): its data can no longer be downloaded or booted by non-admins,
 * but servers already running from it keep going. Only `active` (or already `deactivated`)
 * images can be; anything else answers 403.
 * https://docs.openstack.org/api-ref/image/v2/#deactivate-image
 */
export async function deactivateImage(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('image', `/v2/images/${segment(id)}/actions/deactivate`, {
    method: 'POST',
    expected: [204],
    ...options,
  });
}

/** https://docs.openstack.org/api-ref/image/v2/#reactivate-image (204) */
export async function reactivateImage(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('image', `/v2/images/${segment(id)}/actions/reactivate`, {
    method: 'POST',
    expected: [204],
    ...options,
  });
}
