import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import { imageMemberSchema, type ImageMember, type ImageMemberStatus } from './schemas.js';

const membersPath = (imageId: string) => `/v2/images/${segment(imageId)}/members`;

/**
 * The projects a `shared` image is offered to, with each one's answer. Glance does not page it.
 * https://docs.openstack.org/api-ref/image/v2/#list-image-members
 */
export async function listImageMembers(
  client: Client,
  imageId: string,
  options: CallOptions = {},
): Promise<ImageMember[]> {
  const response = await client.request('image', membersPath(imageId), options);
  return parseResponse(
    z.object({ members: z.array(imageMemberSchema) }).loose(),
    response.data,
    'image',
    'image member list',
  ).members;
}

/**
 * Offers the image to a project (the owner's call, 200); the member starts `pending` until that
 * project accepts it. 409 when it is a member already.
 * https://docs.openstack.org/api-ref/image/v2/#create-image-member
 */
export async function createImageMember(
  client: Client,
  imageId: string,
  memberId: string,
  options: CallOptions = {},
): Promise<ImageMember> {
  const response = await client.request('image', membersPath(imageId), {
    method: 'POST',
    body: { member: memberId },
    expected: [200],
    ...options,
  });
  return parseResponse(imageMemberSchema, response.data, 'image', 'image member');
}

/**
 * The member project's answer to an offer (200): only `accepted` images show in its image list.
 * https://docs.openstack.org/api-ref/image/v2/#update-image-member
 */
export async function updateImageMember(
  client: Client,
  imageId: string,
  memberId: string,
  status: ImageMemberStatus,
  options: CallOptions = {},
): Promise<ImageMember> {
  const response = await client.request('image', `${membersPath(imageId)}/${segment(memberId)}`, {
    method: 'PUT',
    body: { status },
    expected: [200],
    ...options,
  });
  return parseResponse(imageMemberSchema, response.data, 'image', 'image member');
}
