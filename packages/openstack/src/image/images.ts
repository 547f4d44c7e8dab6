import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { imageSchema, type Image } from './schemas.js';

/** Filters of `GET /v2/images`, e.g. `visibility`, `status`, `tag`, `owner`, `limit`. */
export type ImageListQuery = Query;

/**
 * All images, following Glance's `next` link.
 * https://docs.openstack.org/api-ref/image/v2/#list-images
 */
export async function listImages(
  client: Client,
  query: ImageListQuery = {},
  options: CallOptions = {},
): Promise<Image[]> {
  return paginate(client, 'image', '/v2/images', {
    itemsKey: 'images',
    query,
    parse: itemParser(imageSchema, 'image', 'image'),
    ...options,
  }).collect();
}

/** https://docs.openstack.org/api-ref/image/v2/#show-image */
export async function getImage(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<Image> {
  const response = await client.request('image', `/v2/images/${segment(id)}`, options);
  return parseResponse(imageSchema, response.data, 'image', 'image');
}

/** Image record fields; extra string properties (`os_distro`, AppDB ids) go in as-is. */
export interface CreateImageRequest {
  name: string;
  id?: string;
  disk_format?:
    'qcow2' | 'raw' | 'vmdk' | 'vdi' | 'iso' | 'vhd' | 'vhdx' | 'ami' | 'ari' | 'aki' | 'ploop';
  container_format?: 'bare' | 'ovf' | 'ova' | 'ami' | 'ari' | 'aki' | 'docker' | 'compressed';
  visibility?: 'public' | 'private' | 'shared' | 'community';
  min_disk?: number;
  min_ram?: number;
  protected?: boolean;
  tags?: string[];
  [property: string]: unknown;
}

/**
 * Creates the record (status `queued`); data follows with `uploadImageData`.
 * https://docs.openstack.org/api-ref/image/v2/#create-image
 */
export async function createImage(
  client: Client,
  image: CreateImageRequest,
  options: CallOptions = {},
): Promise<Image> {
  const response = await client.request('image', '/v2/images', {
    method: 'POST',
    body: image,
    expected: [201],
    ...options,
  });
  return parseResponse(imageSchema, response.data, 'image', 'image');
}

/** https://docs.openstack.org/api-ref/image/v2/#delete-image (204) */
export async function deleteImage(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('image', `/v2/images/${segment(id)}`, {
    method: 'DELETE',
    expected: [204],
    ...options,
  });
}
