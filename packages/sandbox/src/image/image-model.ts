import type { MemberBody } from './member-model.js';

/** https://docs.openstack.org/api-ref/image/v2/#images — `status` values Glance reports. */
type ImageStatus =
  | 'queued'
  | 'saving'
  | 'active'
  | 'killed'
  | 'deleted'
  | 'pending_delete'
  | 'deactivated'
  | 'uploading'
  | 'importing';

type Visibility = 'public' | 'private' | 'shared' | 'community';

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
type ImageData = { kind: 'file' } | { kind: 'seed'; name: string };

/** What the store keeps: the wire body plus where its data is (never serialised). */
export interface StoredImage {
  image: ImageBody;
  data: ImageData | null;
}

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

/** A new image as Glance v2 creates it: queued, no data, `shared` unless told otherwise (Ocata+). */
export function newImageBody(id: string, owner: string, now: Date): ImageBody {
  const at = glanceTime(now);
  return {
    id,
    name: null,
    status: 'queued',
    visibility: 'shared',
    protected: false,
    os_hidden: false,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    size: null,
    virtual_size: null,
    min_disk: 0,
    min_ram: 0,
    owner,
    disk_format: null,
    container_format: null,
    created_at: at,
    updated_at: at,
    tags: [],
    self: `/v2/images/${id}`,
    file: `/v2/images/${id}/file`,
    schema: '/v2/schemas/image',
  };
}

/** Who is asking: the token's project and whether it carries the admin role. */
export interface Viewer {
  projectId: string;
  isAdmin: boolean;
}

/** Only the owner (or an admin) changes or deletes an image (policy `modify_image`). */
export function ownsImage(viewer: Viewer, image: ImageBody): boolean {
  return viewer.isAdmin || image.owner === viewer.projectId;
}

export type VisibilityFilter = 'public' | 'private' | 'shared' | 'community' | 'all' | undefined;

/**
 * Whether an image appears in `GET /v2/images` for the viewer, given the `visibility` and
 * `member_status` filters (glance `_make_conditions_from_filters`): without a visibility filter
 * the list holds public images, the viewer's own, and images shared with it whose membership has
 * the requested status (accepted by default); community images appear only when asked for.
 */
export function listable(
  viewer: Viewer,
  image: ImageBody,
  membership: MemberBody | undefined,
  visibility: VisibilityFilter,
  memberStatus: string,
): boolean {
  const own = image.owner === viewer.projectId;
  const sharedWithMe =
    image.visibility === 'shared' &&
    membership !== undefined &&
    (memberStatus === 'all' || membership.status === memberStatus);
  switch (visibility) {
    case 'public':
      return image.visibility === 'public';
    case 'community':
      return image.visibility === 'community';
    case 'private':
      return image.visibility === 'private' && (own || viewer.isAdmin);
    case 'shared':
      return image.visibility === 'shared' && (own || sharedWithMe || viewer.isAdmin);
    case 'all':
      return (
        viewer.isAdmin ||
        own ||
        image.visibility === 'public' ||
        image.visibility === 'community' ||
        sharedWithMe
      );
    default:
      if (viewer.isAdmin) return true;
      return own || image.visibility === 'public' || sharedWithMe;
  }
}
