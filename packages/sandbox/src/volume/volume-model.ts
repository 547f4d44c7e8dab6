import type { SiteContext } from '../site/context.js';
import { stableUuid } from '../site/ids.js';

export const DEFAULT_TYPE_NAME = '__DEFAULT__';
/** Devstack and most EGI sites run a single `nova` storage availability zone. */
export const AVAILABILITY_ZONE = 'nova';

type VolumeStatus =
  | 'creating'
  | 'available'
  | 'reserved'
  | 'attaching'
  | 'detaching'
  | 'in-use'
  | 'deleting'
  | 'error'
  | 'extending';

/** One entry of a volume's `attachments` (https://docs.openstack.org/api-ref/block-storage/v3/#show-a-volume-s-details). */
export interface AttachmentBody {
  id: string;
  attachment_id: string;
  volume_id: string;
  server_id: string;
  host_name: string | null;
  device: string;
  attached_at: string;
}

/** A volume as stored: the attributes Cinder's detail view is built from. */
export interface VolumeRecord {
  id: string;
  name: string | null;
  description: string | null;
  status: VolumeStatus;
  size: number;
  availability_zone: string;
  created_at: string;
  updated_at: string | null;
  attachments: AttachmentBody[];
  bootable: 'true' | 'false';
  encrypted: boolean;
  multiattach: boolean;
  metadata: Record<string, string>;
  volume_type: string;
  snapshot_id: string | null;
  source_volid: string | null;
  user_id: string;
  project_id: string;
  volume_image_metadata?: Record<string, string>;
}

/** Cinder timestamps are naive UTC with microseconds: `2018-11-29T06:50:07.770785`. */
export function cinderTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

export function defaultTypeId(site: SiteContext): string {
  return stableUuid(site.spec.name, 'volume-type', DEFAULT_TYPE_NAME);
}
