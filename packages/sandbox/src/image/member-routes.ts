import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import { noContent, viewerOf, type GlanceApp } from './env.js';
import { GlanceError } from './errors.js';
import { glanceTime, ownsImage, type StoredImage, type Viewer } from './image-model.js';
import { visibleImage } from './image-store.js';
import type { MemberBody } from './member-model.js';
import { MEMBER_KIND, imageMembers, loadMember, memberKey } from './member-store.js';
import { readJson } from './request.js';

/** glance.conf `image_member_quota`. */
const MEMBER_QUOTA = 128;

const AddMember = z.object({ member: z.string().min(1).max(255) });
const UpdateMember = z.object({ status: z.enum(['pending', 'accepted', 'rejected']) });

/** Members exist only on `shared` images (glance/api/v2/image_members.py). */
function sharedImage(site: SiteContext, viewer: Viewer, id: string): StoredImage {
  const stored = visibleImage(site, viewer, id);
  if (stored.image.visibility !== 'shared') {
    throw new GlanceError(403, 'Only shared images have members.');
  }
  return stored;
}

/** A membership the viewer may see: the image owner sees all, a member only its own. */
function visibleMember(
  site: SiteContext,
  viewer: Viewer,
  imageId: string,
  memberId: string,
): MemberBody {
  const { image } = sharedImage(site, viewer, imageId);
  const member = loadMember(site, imageId, memberId);
  if (!member || (!ownsImage(viewer, image) && memberId !== viewer.projectId)) {
    throw memberNotFound(memberId);
  }
  return member;
}

function memberNotFound(memberId: string): GlanceError {
  return new GlanceError(404, `The specified member ${memberId} could not be found`);
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new GlanceError(
      400,
      `Provided object does not match schema '${what}': ${result.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

/**
 * Image sharing (https://docs.openstack.org/api-ref/image/v2/#sharing): the owner adds and removes
 * members, each member alone accepts or rejects; an accepted image shows up in the member's list.
 */
export function registerMemberRoutes(app: GlanceApp, site: SiteContext): void {
  app.post('/images/:id/members', async (c) => {
    const viewer = viewerOf(c);
    const id = c.req.param('id');
    const { image } = sharedImage(site, viewer, id);
    if (!ownsImage(viewer, image)) {
      throw new GlanceError(403, 'You are not authorized to complete add_member action.');
    }
    const { member } = parse(AddMember, await readJson(c), 'member');
    if (loadMember(site, id, member)) {
      throw new GlanceError(409, `Member ${member} already associated with image ${id}.`);
    }
    if (imageMembers(site, id).length >= MEMBER_QUOTA) {
      throw new GlanceError(
        413,
        `Maximum number of image members exceeded. Maximum allowed is ${MEMBER_QUOTA}`,
      );
    }
    const at = glanceTime(site.now());
    const body: MemberBody = {
      created_at: at,
      image_id: id,
      member_id: member,
      schema: '/v2/schemas/member',
      status: 'pending',
      updated_at: at,
    };
    site.store.insert(MEMBER_KIND, memberKey(id, member), member, body, site.now());
    return c.json(body);
  });

  app.get('/images/:id/members', (c) => {
    const viewer = viewerOf(c);
    const id = c.req.param('id');
    const { image } = sharedImage(site, viewer, id);
    const all = imageMembers(site, id);
    // A member sees only its own membership, the owner sees them all.
    const members = ownsImage(viewer, image)
      ? all
      : all.filter((m) => m.member_id === viewer.projectId);
    return c.json({ members, schema: '/v2/schemas/members' });
  });

  app.get('/images/:id/members/:member', (c) => {
    const viewer = viewerOf(c);
    const id = c.req.param('id');
    const memberId = c.req.param('member');
    const member = visibleMember(site, viewer, id, memberId);
    return c.json(member);
  });

  app.put('/images/:id/members/:member', async (c) => {
    const viewer = viewerOf(c);
    const id = c.req.param('id');
    const memberId = c.req.param('member');
    const member = visibleMember(site, viewer, id, memberId);
    if (memberId !== viewer.projectId) {
      throw new GlanceError(403, "You are not permitted to modify 'status' on this image member.");
    }
    const { status } = parse(UpdateMember, await readJson(c), 'member');
    const now = site.now();
    const updated: MemberBody = { ...member, status, updated_at: glanceTime(now) };
    site.store.put(MEMBER_KIND, memberKey(id, memberId), updated, now);
    return c.json(updated);
  });

  app.delete('/images/:id/members/:member', (c) => {
    const viewer = viewerOf(c);
    const id = c.req.param('id');
    const memberId = c.req.param('member');
    const { image } = sharedImage(site, viewer, id);
    if (!ownsImage(viewer, image)) {
      throw new GlanceError(403, 'You are not authorized to complete delete_member action.');
    }
    if (!site.store.delete(MEMBER_KIND, memberKey(id, memberId))) throw memberNotFound(memberId);
    return noContent();
  });
}
