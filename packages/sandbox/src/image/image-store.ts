import type { SiteContext } from '../site/context.js';
import { GlanceError } from './errors.js';
import {
  CORE_ATTRIBUTES,
  glanceTime,
  type ImageBody,
  type StoredImage,
  type Viewer,
} from './image-model.js';
import { loadMember } from './member-store.js';

export const IMAGE_KIND = 'glance-image';

export function loadImage(site: SiteContext, id: string): StoredImage | undefined {
  return site.store.get<StoredImage>(IMAGE_KIND, id);
}

export function saveImage(site: SiteContext, stored: StoredImage): void {
  const now = site.now();
  stored.image.updated_at = glanceTime(now);
  // upsert, not put: the owner column follows the body (an admin may hand an image over).
  site.store.upsert(IMAGE_KIND, stored.image.id, stored.image.owner, stored, now);
}

/**
 * Whether a project may see one image by id, as glance/db/sqlalchemy/api.py `is_image_visible`:
 * admins see everything; public and community images are visible to all; shared images to their
 * owner and to any member whatever the member status (a pending member can still boot it by id).
 * https://docs.openstack.org/api-ref/image/v2/#image-visibility
 */
function visibleById(site: SiteContext, viewer: Viewer, image: ImageBody): boolean {
  if (viewer.isAdmin) return true;
  if (image.owner === viewer.projectId) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (image.visibility === 'shared') {
    return loadMember(site, image.id, viewer.projectId) !== undefined;
  }
  return false;
}

function imageNotFound(id: string): GlanceError {
  return new GlanceError(404, `No image found with ID ${id}`);
}

/** Loads an image the viewer may see, or throws Glance's 404 (hidden images do not exist). */
export function visibleImage(site: SiteContext, viewer: Viewer, id: string): StoredImage {
  const stored = loadImage(site, id);
  if (!stored || !visibleById(site, viewer, stored.image)) throw imageNotFound(id);
  return stored;
}

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
