import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { volumeSchema, type Volume } from './schemas.js';

/**
 * Volumes with details, all pages (`volumes_links`).
 * https://docs.openstack.org/api-ref/block-storage/v3/#list-accessible-volumes-with-details
 */
export async function listVolumes(
  client: Client,
  query: Query = {},
  options: CallOptions = {},
): Promise<Volume[]> {
  return paginate(client, 'volumev3', '/volumes/detail', {
    itemsKey: 'volumes',
    query,
    parse: itemParser(volumeSchema, 'volumev3', 'volume'),
    ...options,
  }).collect();
}

export interface CreateVolumeRequest {
  /** GiB. */
  size: number;
  name?: string;
  description?: string;
  volume_type?: string;
  availability_zone?: string;
  /** Creates a bootable volume from this Glance image. */
  imageRef?: string;
  snapshot_id?: string;
  source_volid?: string;
  metadata?: Record<string, string>;
}

/** 202: the volume starts in `creating`. https://docs.openstack.org/api-ref/block-storage/v3/#create-a-volume */
export async function createVolume(
  client: Client,
  volume: CreateVolumeRequest,
  options: CallOptions = {},
): Promise<Volume> {
  const response = await client.request('volumev3', '/volumes', {
    method: 'POST',
    body: { volume },
    expected: [202],
    ...options,
  });
  return parseResponse(z.object({ volume: volumeSchema }), response.data, 'volumev3', 'volume')
    .volume;
}

/** 202: deletion is asynchronous. https://docs.openstack.org/api-ref/block-storage/v3/#delete-a-volume */
export async function deleteVolume(
  client: Client,
  id: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('volumev3', `/volumes/${segment(id)}`, {
    method: 'DELETE',
    expected: [202],
    ...options,
  });
}
