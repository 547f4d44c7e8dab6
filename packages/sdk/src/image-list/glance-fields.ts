import type { ImageEntry } from './hepix.js';

/** Glance's disk formats (atrope's list); anything else is uploaded as raw. */
const GLANCE_DISK_FORMATS = new Set([
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
  'root-tar',
]);

export interface GlanceFieldsOptions {
  /** The subscription's name: `image_list`, by which a sync finds its own images again. */
  listName: string;
  /** The agent's prefix, then the subscription's, before the image's title. */
  globalPrefix?: string;
  listPrefix?: string;
  /** Marks every image the sync manages (atrope's `[glance] tag`). */
  tag: string;
  /** The VO's project; the image is shared with it unless it owns it. */
  project?: string;
  /** The disk format the bytes are in when uploaded (after any conversion). */
  diskFormat: string;
  /** private, shared, community or public; `shared` when a project is given. */
  sharing?: 'private' | 'shared' | 'community' | 'public';
}

export interface GlanceImageFields {
  name: string;
  tags: string[];
  visibility: 'private' | 'shared' | 'community' | 'public';
  disk_format: string;
  container_format: string;
  /** Custom properties, all strings, as Glance stores them. */
  properties: Record<string, string>;
}

/**
 * What an image of a HEPiX list becomes in Glance, as atrope's Glance dispatcher writes it, so
 * the tools that key on these properties (cloud-info-provider's `vmcatcher_event_ad_mpuri`,
 * AppDB's `appdb_id`, the catch-all's `APPLIANCE_ATTRIBUTES`) find our images as they find
 * atrope's: the AppDB properties, `image_hash` = `sha512:<hex>`, the list and project the image
 * came for, os_distro/os_version/architecture from the list, and every HEPiX attribute as JSON.
 */
export function glanceImageFields(
  image: ImageEntry,
  options: GlanceFieldsOptions,
): GlanceImageFields {
  const format = options.diskFormat.toLowerCase();
  const diskFormat = GLANCE_DISK_FORMATS.has(format) ? format : 'raw';
  const properties: Record<string, string> = {
    vmcatcher_event_dc_description: image['dc:description'] ?? '',
    vmcatcher_event_ad_mpuri: image['ad:mpuri'] ?? '',
    appdb_id: image['dc:identifier'],
    image_hash: `sha512:${image['sl:checksum:sha512']}`,
    image_list: options.listName,
  };
  const optional: [string, string | undefined][] = [
    ['os_version', image['sl:osversion']],
    ['os_distro', image['sl:osname']],
    ['architecture', image['sl:arch']],
  ];
  for (const [key, value] of optional) if (value) properties[key] = value;
  properties['APPLIANCE_ATTRIBUTES'] = JSON.stringify(image);
  if (options.project) properties['project'] = options.project;
  return {
    name: `${options.globalPrefix ?? ''}${options.listPrefix ?? ''}${image['dc:title']}`,
    tags: [options.tag],
    visibility: options.project ? 'shared' : (options.sharing ?? 'private'),
    disk_format: diskFormat,
    container_format: diskFormat === 'vmdk' ? 'ova' : 'bare',
    properties,
  };
}

/**
 * Whether Glance's copy is the list's image: same `appdb_id` and `image_hash` (atrope deletes
 * and uploads again when the hash differs).
 */
export function isSameImage(properties: Record<string, unknown>, image: ImageEntry): boolean {
  return (
    properties['appdb_id'] === image['dc:identifier'] &&
    properties['image_hash'] === `sha512:${image['sl:checksum:sha512']}`
  );
}
