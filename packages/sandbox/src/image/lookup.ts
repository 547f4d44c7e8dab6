import type { SiteContext } from '../site/context.js';
import { CORE_ATTRIBUTES, loadImage } from './model.js';
import { visibleById } from './visibility.js';

/** What Nova needs to know about an image to boot from it. */
export interface BootImage {
  id: string;
  name: string;
  status: string;
  minDisk: number;
  minRam: number;
  size: number | null;
  properties: Record<string, unknown>;
}

/**
 * The image if the project may see it (public, community, own, or shared with it), else
 * undefined. Same rule as `GET /v2/images/{id}` for a non-admin: Nova asks Glance with the user's
 * token, and a pending member may boot a shared image it knows the id of. Status is not checked
 * here; Nova refuses non-active images itself.
 */
export function findImageForProject(
  site: SiteContext,
  projectId: string,
  imageId: string,
): BootImage | undefined {
  const stored = loadImage(site, imageId);
  if (!stored || !visibleById(site, { projectId, isAdmin: false }, stored.image)) return undefined;
  const { image } = stored;
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(image)) {
    if (!CORE_ATTRIBUTES.has(key)) properties[key] = value;
  }
  return {
    id: image.id,
    name: image.name ?? '',
    status: image.status,
    minDisk: image.min_disk,
    minRam: image.min_ram,
    size: image.size,
    properties,
  };
}
