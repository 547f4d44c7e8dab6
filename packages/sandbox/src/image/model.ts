import type { SiteContext } from '../site/context.js';

/** https://docs.openstack.org/api-ref/image/v2/#images — `status` values Glance reports. */
export type ImageStatus =
  | 'queued'
  | 'saving'
  | 'active'
  | 'killed'
  | 'deleted'
  | 'pending_delete'
  | 'deactivated'
  | 'uploading'
  | 'importing';

export type Visibility = 'public' | 'private' | 'shared' | 'community';

export const VISIBILITIES = ['public', 'private', 'shared', 'community'] as const;
export const DISK_FORMATS = [
  'ami',
  'ari',
  'aki',
  'vhd',
  'vhdx',
  'vmdk',
  'raw',
  'qcow2',
  'vdi',
  'iso',
  'ploop',
] as const;
export const CONTAINER_FORMATS = [
  'ami',
  'ari',
  'aki',
  'bare',
  'ovf',
  'ova',
  'docker',
  'compressed',
] as const;

/** The image exactly as Glance v2 serialises it; custom properties sit at the top level. */
export interface ImageBody {
  id: string;
  name: string | null;
  status: ImageStatus;
  visibility: Visibility;
  protected: boolean;
  os_hidden: boolean;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  size: number | null;
  virtual_size: number | null;
  min_disk: number;
  min_ram: number;
  owner: string;
  disk_format: string | null;
  container_format: string | null;
  created_at: string;
  updated_at: string;
  tags: string[];
  self: string;
  file: string;
  schema: string;
  [property: string]: unknown;
}

/** Where an image's bits live: an uploaded file under dataDir, or a generated seed payload. */
export type ImageData = { kind: 'file' } | { kind: 'seed'; name: string };

/** What the store keeps: the wire body plus where its data is (never serialised). */
export interface StoredImage {
  image: ImageBody;
  data: ImageData | null;
}

export type MemberStatus = 'pending' | 'accepted' | 'rejected';

/** https://docs.openstack.org/api-ref/image/v2/#sharing */
export interface MemberBody {
  created_at: string;
  image_id: string;
  member_id: string;
  schema: '/v2/schemas/member';
  status: MemberStatus;
  updated_at: string;
}

export const IMAGE_KIND = 'glance-image';
export const MEMBER_KIND = 'glance-member';

/** Attributes of the image schema; every other key is a free-form (string) property. */
export const CORE_ATTRIBUTES = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'protected',
  'os_hidden',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
  'min_disk',
  'min_ram',
  'owner',
  'disk_format',
  'container_format',
  'created_at',
  'updated_at',
  'tags',
  'self',
  'file',
  'schema',
  'locations',
  'direct_url',
]);

/** Set by Glance itself; glance/api/v2/images.py `_readonly_properties` answers 403 to changes. */
export const READONLY_ATTRIBUTES = new Set([
  'id',
  'status',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
  'created_at',
  'updated_at',
  'self',
  'file',
  'schema',
  'direct_url',
]);

/** glance/api/v2/images.py `_reserved_properties`. */
export const RESERVED_ATTRIBUTES = new Set(['location', 'deleted', 'deleted_at']);

/** Glance timestamps have no fraction: `2016-06-29T16:13:07Z`. */
export function glanceTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function memberKey(imageId: string, memberId: string): string {
  return `${imageId}/${memberId}`;
}

export function loadImage(site: SiteContext, id: string): StoredImage | undefined {
  return site.store.get<StoredImage>(IMAGE_KIND, id);
}

export function saveImage(site: SiteContext, stored: StoredImage): void {
  const now = site.now();
  stored.image.updated_at = glanceTime(now);
  // upsert, not put: the owner column follows the body (an admin may hand an image over).
  site.store.upsert(IMAGE_KIND, stored.image.id, stored.image.owner, stored, now);
}

export function loadMember(
  site: SiteContext,
  imageId: string,
  memberId: string,
): MemberBody | undefined {
  return site.store.get<MemberBody>(MEMBER_KIND, memberKey(imageId, memberId));
}

export function imageMembers(site: SiteContext, imageId: string): MemberBody[] {
  // Membership rows are few; filtering by prefix in memory keeps the store interface generic.
  return site.store.list<MemberBody>(MEMBER_KIND).filter((m) => m.image_id === imageId);
}

/** The images shared with a project, by image id. */
export function membershipsOf(site: SiteContext, projectId: string): Map<string, MemberBody> {
  return new Map(
    site.store.list<MemberBody>(MEMBER_KIND, { projectId }).map((m) => [m.image_id, m]),
  );
}
