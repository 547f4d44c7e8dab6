import type { SiteContext } from '../site/context.js';
import { loadMember, type ImageBody, type MemberBody } from './model.js';

/** Who is asking: the token's project and whether it carries the admin role. */
export interface Viewer {
  projectId: string;
  isAdmin: boolean;
}

/**
 * Whether a project may see one image by id, as glance/db/sqlalchemy/api.py `is_image_visible`:
 * admins see everything; public and community images are visible to all; shared images to their
 * owner and to any member whatever the member status (a pending member can still boot it by id).
 * https://docs.openstack.org/api-ref/image/v2/#image-visibility
 */
export function visibleById(site: SiteContext, viewer: Viewer, image: ImageBody): boolean {
  if (viewer.isAdmin) return true;
  if (image.owner === viewer.projectId) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (image.visibility === 'shared') {
    return loadMember(site, image.id, viewer.projectId) !== undefined;
  }
  return false;
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
