import type { SiteContext } from '../site/context.js';
import { ServiceError } from '../site/service-error.js';

/** Nova's view of one attachment (`volumeAttachment` in os-volume_attachments). */
export interface VolumeAttachment {
  id: string;
  volumeId: string;
  serverId: string;
  device: string;
}

/** Attaches an `available` volume of the project; ServiceError(404|400|409) otherwise. */
export function attachVolume(
  _site: SiteContext,
  _request: { projectId: string; volumeId: string; serverId: string; device?: string },
): VolumeAttachment {
  throw new ServiceError(409, 'not implemented');
}

export function detachVolume(_site: SiteContext, _volumeId: string, _serverId: string): void {
  throw new ServiceError(409, 'not implemented');
}

export function listServerAttachments(_site: SiteContext, _serverId: string): VolumeAttachment[] {
  return [];
}

/** Called when a server is deleted: its volumes become `available` again. */
export function detachAllFromServer(_site: SiteContext, _serverId: string): void {}
