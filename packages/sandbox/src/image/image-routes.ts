import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { noContent, viewerOf, type GlanceApp } from './env.js';
import { GlanceError } from './errors.js';
import { downloadImageData, removeImageData, uploadImageData } from './image-data-store.js';
import { listImages } from './image-list-routes.js';
import { newImageBody, ownsImage, type StoredImage, type Viewer } from './image-model.js';
import { IMAGE_KIND, saveImage, visibleImage } from './image-store.js';
import {
  PATCH_MEDIA_TYPES,
  applyImageFields,
  checkWritableKeys,
  parseImageFields,
  patchImage,
} from './image-update-model.js';
import { MEMBER_KIND, imageMembers, memberKey } from './member-store.js';
import { mediaType, readJson } from './request.js';

/** glance.conf `image_tag_quota`. */
const TAG_QUOTA = 128;

function ownedImage(site: SiteContext, viewer: Viewer, id: string, action: string): StoredImage {
  const stored = visibleImage(site, viewer, id);
  if (!ownsImage(viewer, stored.image)) {
    throw new GlanceError(403, `You are not authorized to complete ${action} action.`);
  }
  return stored;
}

/** https://docs.openstack.org/api-ref/image/v2/#images, #image-data, #image-tags */
export function registerImageRoutes(app: GlanceApp, site: SiteContext): void {
  app.post('/images', async (c) => {
    const viewer = viewerOf(c);
    const input = await readJson(c);
    // On create Glance takes the caller's `id` (it is read-only only afterwards, in PATCH).
    if (typeof input === 'object' && input !== null) {
      checkWritableKeys(Object.keys(input).filter((key) => key !== 'id'));
    }
    const fields = parseImageFields(input);
    const id = fields.id?.toLowerCase() ?? uuid();
    if (site.store.has(IMAGE_KIND, id)) {
      throw new GlanceError(409, `Image ID ${id} already exists!`);
    }
    if ((fields.tags?.length ?? 0) > TAG_QUOTA) {
      throw new GlanceError(
        413,
        `Maximum number of tags exceeded. Maximum allowed is ${TAG_QUOTA}`,
      );
    }
    const image = newImageBody(id, viewer.projectId, site.now());
    applyImageFields(viewer, image, fields);
    site.store.insert<StoredImage>(IMAGE_KIND, id, image.owner, { image, data: null }, site.now());
    return c.json(image, 201, { Location: `/v2/images/${id}` });
  });

  app.get('/images', (c) => c.json(listImages(site, viewerOf(c), new URL(c.req.url))));

  app.get('/images/:id', (c) => c.json(visibleImage(site, viewerOf(c), c.req.param('id')).image));

  app.patch('/images/:id', async (c) => {
    const viewer = viewerOf(c);
    const type = mediaType(c);
    const dialect = PATCH_MEDIA_TYPES.find((t) => t === type);
    if (!dialect) {
      throw new GlanceError(415, 'Unsupported Content-Type', {
        'Accept-Patch': PATCH_MEDIA_TYPES.join(', '),
      });
    }
    const stored = ownedImage(site, viewer, c.req.param('id'), 'modify_image');
    const body = await readJson(c);
    stored.image = patchImage(viewer, stored.image, body, dialect);
    if (stored.image.tags.length > TAG_QUOTA) {
      throw new GlanceError(
        413,
        `Maximum number of tags exceeded. Maximum allowed is ${TAG_QUOTA}`,
      );
    }
    saveImage(site, stored);
    return c.json(stored.image);
  });

  app.delete('/images/:id', (c) => {
    const viewer = viewerOf(c);
    const id = c.req.param('id');
    const { image } = ownedImage(site, viewer, id, 'delete_image');
    if (image.protected) {
      throw new GlanceError(403, `Image ${id} is protected and cannot be deleted.`);
    }
    site.store.transaction(() => {
      for (const member of imageMembers(site, id)) {
        site.store.delete(MEMBER_KIND, memberKey(id, member.member_id));
      }
      site.store.delete(IMAGE_KIND, id);
    });
    removeImageData(site, id);
    return noContent();
  });

  // https://docs.openstack.org/api-ref/image/v2/#deactivate-image
  app.post('/images/:id/actions/:action{deactivate|reactivate}', (c) => {
    const viewer = viewerOf(c);
    const action = c.req.param('action') as 'deactivate' | 'reactivate';
    const stored = ownedImage(site, viewer, c.req.param('id'), action);
    const allowed = action === 'deactivate' ? ['active', 'deactivated'] : ['deactivated', 'active'];
    if (!allowed.includes(stored.image.status)) {
      throw new GlanceError(
        403,
        `Not allowed to ${action} image in status '${stored.image.status}'`,
      );
    }
    stored.image.status = action === 'deactivate' ? 'deactivated' : 'active';
    saveImage(site, stored);
    return noContent();
  });

  app.put('/images/:id/file', async (c) => {
    await uploadImageData(site, viewerOf(c), c.req.param('id'), c.req.raw);
    return noContent();
  });

  app.get('/images/:id/file', (c) =>
    downloadImageData(site, viewerOf(c), c.req.param('id'), c.req.header('range')),
  );

  app.put('/images/:id/tags/:tag', (c) => {
    const stored = ownedImage(site, viewerOf(c), c.req.param('id'), 'modify_image');
    const tag = c.req.param('tag');
    if (tag.length > 255) {
      throw new GlanceError(
        400,
        `Provided object does not match schema 'image': '${tag}' is too long`,
      );
    }
    if (!stored.image.tags.includes(tag)) {
      if (stored.image.tags.length >= TAG_QUOTA) {
        throw new GlanceError(
          413,
          `Maximum number of tags exceeded. Maximum allowed is ${TAG_QUOTA}`,
        );
      }
      stored.image.tags.push(tag);
      saveImage(site, stored);
    }
    return noContent();
  });

  app.delete('/images/:id/tags/:tag', (c) => {
    const stored = ownedImage(site, viewerOf(c), c.req.param('id'), 'modify_image');
    const tag = c.req.param('tag');
    if (!stored.image.tags.includes(tag)) {
      throw new GlanceError(404, 'An object with the specified identifier was not found.');
    }
    stored.image.tags = stored.image.tags.filter((t) => t !== tag);
    saveImage(site, stored);
    return noContent();
  });
}
