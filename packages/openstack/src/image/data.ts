import type { Readable } from 'node:stream';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { OpenStackError } from '../errors.js';
import { segment } from '../url.js';

export interface ImageDataOptions extends CallOptions {
  /** Uploads and downloads of large images outlast the default request timeout. */
  timeoutMs?: number;
}

/**
 * Streams image bytes to Glance (`PUT /v2/images/{id}/file`, 204). Give `size` when known so the
 * upload has a Content-Length instead of chunked encoding.
 * https://docs.openstack.org/api-ref/image/v2/#upload-binary-image-data
 */
export async function uploadImageData(
  client: Client,
  id: string,
  data: ReadableStream<Uint8Array> | Readable | Uint8Array,
  size?: number,
  options: ImageDataOptions = {},
): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (size !== undefined) headers['Content-Length'] = String(size);
  await client.request('image', `/v2/images/${segment(id)}/file`, {
    method: 'PUT',
    rawBody: data,
    headers,
    expected: [204],
    ...options,
  });
}

/**
 * The image bytes as a web stream. Glance answers 204 for an image without data, which is an
 * error here rather than an empty download.
 * https://docs.openstack.org/api-ref/image/v2/#download-binary-image-data
 */
export async function downloadImageData(
  client: Client,
  id: string,
  options: ImageDataOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const response = await client.requestStream('image', `/v2/images/${segment(id)}/file`, {
    headers: { Accept: 'application/octet-stream' },
    expected: [200, 204, 206],
    ...options,
  });
  if (response.status === 204 || !response.body) {
    await response.body?.cancel();
    throw new OpenStackError('INVALID_RESPONSE', `image ${id} has no data`, {
      service: 'image',
      status: response.status,
    });
  }
  return response.body;
}
