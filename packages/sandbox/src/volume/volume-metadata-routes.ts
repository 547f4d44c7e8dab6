import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import type { CinderApp } from './env.js';
import { CinderError } from './errors.js';
import { readJson, validate } from './request.js';
import { ownVolume, saveVolume } from './volume-store.js';

const Metadata = z.object({ metadata: z.record(z.string().min(1).max(255), z.string().max(255)) });
const MetaItem = z.object({ meta: z.record(z.string().min(1).max(255), z.string().max(255)) });

/**
 * Volume metadata (https://docs.openstack.org/api-ref/block-storage/v3/#volume-metadata):
 * POST merges, PUT replaces, and `/metadata/{key}` reads, sets or deletes one key.
 * `openstack volume set --property` uses POST.
 */
export function registerMetadataRoutes(app: CinderApp, site: SiteContext): void {
  const path = '/:project_id/volumes/:id/metadata';

  app.get(path, (c) => c.json({ metadata: ownVolume(site, c, c.req.param('id')).metadata }));

  app.post(path, async (c) => {
    const { metadata } = validate(Metadata, await readJson(c));
    const volume = ownVolume(site, c, c.req.param('id'));
    volume.metadata = { ...volume.metadata, ...metadata };
    saveVolume(site, volume);
    return c.json({ metadata: volume.metadata });
  });

  app.put(path, async (c) => {
    const { metadata } = validate(Metadata, await readJson(c));
    const volume = ownVolume(site, c, c.req.param('id'));
    volume.metadata = metadata;
    saveVolume(site, volume);
    return c.json({ metadata: volume.metadata });
  });

  app.get(`${path}/:key`, (c) => {
    const volume = ownVolume(site, c, c.req.param('id'));
    const key = c.req.param('key');
    const value = volume.metadata[key];
    if (value === undefined)
      throw new CinderError(404, `Volume ${volume.id} has no metadata with key ${key}.`);
    return c.json({ meta: { [key]: value } });
  });

  app.put(`${path}/:key`, async (c) => {
    const { meta } = validate(MetaItem, await readJson(c));
    const key = c.req.param('key');
    const entries = Object.entries(meta);
    if (entries.length !== 1 || entries[0]![0] !== key) {
      throw new CinderError(400, 'Request body and URI mismatch');
    }
    const volume = ownVolume(site, c, c.req.param('id'));
    volume.metadata = { ...volume.metadata, ...meta };
    saveVolume(site, volume);
    return c.json({ meta });
  });

  app.delete(`${path}/:key`, (c) => {
    const volume = ownVolume(site, c, c.req.param('id'));
    const key = c.req.param('key');
    if (!(key in volume.metadata)) {
      throw new CinderError(404, `Volume ${volume.id} has no metadata with key ${key}.`);
    }
    const { [key]: _removed, ...rest } = volume.metadata;
    volume.metadata = rest;
    saveVolume(site, volume);
    return c.body(null, 200);
  });
}
