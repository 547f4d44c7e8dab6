import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import { volumeAttachmentSchema, type VolumeAttachment } from './schemas.js';

const path = (serverId: string) => `/servers/${segment(serverId)}/os-volume_attachments`;

export interface AttachVolumeRequest {
  volumeId: string;
  /** A hint such as `/dev/vdb`; most hypervisors pick their own name. */
  device?: string;
  /** Needs microversion 2.49. */
  tag?: string;
  /** Needs microversion 2.79. */
  delete_on_termination?: boolean;
}

export interface AttachOptions extends CallOptions {
  microversion?: string;
}

/**
 * Attaches a Cinder volume through Nova, which reserves it and answers at once (200); the volume
 * turns `in-use` when the hypervisor is done.
 * https://docs.openstack.org/api-ref/compute/#attach-a-volume-to-an-instance
 */
export async function attachVolume(
  client: Client,
  serverId: string,
  attachment: AttachVolumeRequest,
  options: AttachOptions = {},
): Promise<VolumeAttachment> {
  const response = await client.request('compute', path(serverId), {
    method: 'POST',
    body: { volumeAttachment: attachment },
    expected: [200],
    ...options,
  });
  return parseResponse(
    z.object({ volumeAttachment: volumeAttachmentSchema }),
    response.data,
    'compute',
    'volume attachment',
  ).volumeAttachment;
}

/**
 * The volumes attached to a server. Nova pages this list by `limit`/`offset` only, without
 * links, and returns all of them unless asked for a limit.
 * https://docs.openstack.org/api-ref/compute/#list-volume-attachments-for-an-instance
 */
export async function listVolumeAttachments(
  client: Client,
  serverId: string,
  options: CallOptions = {},
): Promise<VolumeAttachment[]> {
  const response = await client.request('compute', path(serverId), options);
  return parseResponse(
    z.object({ volumeAttachments: z.array(volumeAttachmentSchema) }),
    response.data,
    'compute',
    'volume attachments',
  ).volumeAttachments;
}

/** https://docs.openstack.org/api-ref/compute/#show-a-detail-of-a-volume-attachment */
export async function getVolumeAttachment(
  client: Client,
  serverId: string,
  volumeId: string,
  options: CallOptions = {},
): Promise<VolumeAttachment> {
  const response = await client.request(
    'compute',
    `${path(serverId)}/${segment(volumeId)}`,
    options,
  );
  return parseResponse(
    z.object({ volumeAttachment: volumeAttachmentSchema }),
    response.data,
    'compute',
    'volume attachment',
  ).volumeAttachment;
}

/**
 * 202: the detach is asynchronous; the volume is `available` again when it is done.
 * https://docs.openstack.org/api-ref/compute/#detach-a-volume-from-an-instance
 */
export async function detachVolume(
  client: Client,
  serverId: string,
  volumeId: string,
  options: CallOptions = {},
): Promise<void> {
  await client.request('compute', `${path(serverId)}/${segment(volumeId)}`, {
    method: 'DELETE',
    expected: [202],
    ...options,
  });
}
