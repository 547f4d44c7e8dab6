import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { ServiceError } from '../site/service-error.js';
import { cinderTime, type AttachmentBody, type VolumeRecord } from './volume-model.js';
import { allVolumes, loadVolume, saveVolume } from './volume-store.js';

/** Nova's view of one attachment (`volumeAttachment` in os-volume_attachments). */
export interface VolumeAttachment {
  /** As in Nova's API, the attachment is named by the volume id. */
  id: string;
  volumeId: string;
  serverId: string;
  device: string;
}

function toNova(attachment: AttachmentBody): VolumeAttachment {
  return {
    id: attachment.volume_id,
    volumeId: attachment.volume_id,
    serverId: attachment.server_id,
    device: attachment.device,
  };
}

/** The first free `/dev/vdX` after the root disk, as libvirt names virtio disks. */
function nextDevice(site: SiteContext, serverId: string): string {
  const used = new Set(listServerAttachments(site, serverId).map((a) => a.device));
  for (let code = 'b'.charCodeAt(0); code <= 'z'.charCodeAt(0); code += 1) {
    const device = `/dev/vd${String.fromCharCode(code)}`;
    if (!used.has(device)) return device;
  }
  throw new ServiceError(409, `No free device name left on server ${serverId}`);
}

/**
 * Marks the volume in-use by the server (cinder `os-attach` after `os-reserve`). Shared by Nova
 * and by the volume actions API. Statuses a reserve left behind (`attaching`, `reserved`) may
 * complete; anything else but `available` is refused, since volumes are not multiattach.
 */
export function attachToServer(
  site: SiteContext,
  volume: VolumeRecord,
  serverId: string,
  device?: string,
): AttachmentBody {
  if (!['available', 'attaching', 'reserved'].includes(volume.status)) {
    throw new ServiceError(
      400,
      `Invalid volume: Volume ${volume.id} status must be available or reserved, but the current status is: ${volume.status}`,
    );
  }
  const attachment: AttachmentBody = {
    id: volume.id,
    attachment_id: uuid(),
    volume_id: volume.id,
    server_id: serverId,
    host_name: null,
    device: device ?? nextDevice(site, serverId),
    attached_at: cinderTime(site.now()),
  };
  volume.attachments = [attachment];
  volume.status = 'in-use';
  saveVolume(site, volume);
  return attachment;
}

/** Removes the volume's attachment to the server; the volume becomes `available` when none remain. */
export function detachFromServer(site: SiteContext, volume: VolumeRecord, serverId: string): void {
  const remaining = volume.attachments.filter((a) => a.server_id !== serverId);
  if (remaining.length === volume.attachments.length) {
    throw new ServiceError(404, `Volume ${volume.id} is not attached to server ${serverId}.`);
  }
  volume.attachments = remaining;
  if (remaining.length === 0) volume.status = 'available';
  saveVolume(site, volume);
}

/** Attaches an `available` volume of the project; ServiceError(404|400|409) otherwise. */
export function attachVolume(
  site: SiteContext,
  request: { projectId: string; volumeId: string; serverId: string; device?: string },
): VolumeAttachment {
  return site.store.transaction(() => {
    const volume = loadVolume(site, request.volumeId);
    if (!volume) throw new ServiceError(404, `Volume ${request.volumeId} could not be found.`);
    if (volume.project_id !== request.projectId) {
      throw new ServiceError(
        400,
        `Invalid volume: Volume ${request.volumeId} belongs to another project.`,
      );
    }
    if (volume.status !== 'available') {
      throw new ServiceError(
        400,
        `Invalid volume: Volume ${volume.id} status must be available, but the current status is: ${volume.status}`,
      );
    }
    return toNova(attachToServer(site, volume, request.serverId, request.device));
  });
}

export function detachVolume(site: SiteContext, volumeId: string, serverId: string): void {
  site.store.transaction(() => {
    const volume = loadVolume(site, volumeId);
    if (!volume) throw new ServiceError(404, `Volume ${volumeId} could not be found.`);
    detachFromServer(site, volume, serverId);
  });
}

export function listServerAttachments(site: SiteContext, serverId: string): VolumeAttachment[] {
  return allVolumes(site)
    .flatMap(({ volume }) => volume.attachments)
    .filter((a) => a.server_id === serverId)
    .map(toNova);
}

/** Called when a server is deleted: its volumes become `available` again. */
export function detachAllFromServer(site: SiteContext, serverId: string): void {
  site.store.transaction(() => {
    for (const { volume } of allVolumes(site)) {
      if (volume.attachments.some((a) => a.server_id === serverId)) {
        detachFromServer(site, volume, serverId);
      }
    }
  });
}
