import { z } from 'zod';
import { findImageForProject } from '../image/index.js';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { viewOf, type CinderApp, type CinderContext } from './env.js';
import { CinderError, invalidVolume } from './errors.js';
import { checkQuota } from './quota-store.js';
import { readJson, validate } from './request.js';
import {
  AVAILABILITY_ZONE,
  DEFAULT_TYPE_NAME,
  cinderTime,
  defaultTypeId,
  type VolumeRecord,
} from './volume-model.js';
import { VOLUME_KIND, listVolumes, ownVolume, saveVolume } from './volume-store.js';
import { volumeDetail, volumeSummary } from './volume-view.js';

const GIB = 1024 ** 3;

const Size = z
  .union([z.int(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.int().min(1, "'size' parameter must be between 1 and 2147483647").max(2147483647));

const CreateVolume = z.object({
  volume: z.looseObject({
    size: Size.optional(),
    name: z.string().max(255).nullable().optional(),
    display_name: z.string().max(255).nullable().optional(),
    description: z.string().max(255).nullable().optional(),
    display_description: z.string().max(255).nullable().optional(),
    volume_type: z.string().nullable().optional(),
    metadata: z.record(z.string(), z.string().max(255)).optional(),
    availability_zone: z.string().nullable().optional(),
    imageRef: z.string().nullable().optional(),
    image_id: z.string().nullable().optional(),
    snapshot_id: z.string().nullable().optional(),
    source_volid: z.string().nullable().optional(),
    multiattach: z.boolean().optional(),
  }),
});

const UpdateVolume = z.object({
  volume: z.looseObject({
    name: z.string().max(255).nullable().optional(),
    description: z.string().max(255).nullable().optional(),
    // The v1 names cinder still accepts; python-openstackclient `volume set` sends these.
    display_name: z.string().max(255).nullable().optional(),
    display_description: z.string().max(255).nullable().optional(),
    metadata: z.record(z.string(), z.string().max(255)).optional(),
  }),
});

/** Resolves `volume_type` by name or id; only the default type exists. */
function checkVolumeType(site: SiteContext, requested: string | null | undefined): void {
  if (requested === undefined || requested === null) return;
  if (requested === DEFAULT_TYPE_NAME || requested === defaultTypeId(site)) return;
  throw new CinderError(404, `Volume type with name ${requested} could not be found.`);
}

/**
 * Volumes (https://docs.openstack.org/api-ref/block-storage/v3/#volumes-volumes). A volume is
 * `available` as soon as it is stored; the create response still says `creating`, which is what
 * clients see from a real Cinder, and the next GET finds it ready.
 */
export function registerVolumeRoutes(app: CinderApp, site: SiteContext): void {
  const list = (detail: boolean) => (c: CinderContext) => {
    const view = viewOf(site, c);
    const auth = c.get('auth');
    const collection = detail ? 'volumes/detail' : 'volumes';
    const page = listVolumes(site, auth.projectId, auth.isAdmin, new URL(c.req.url), collection);
    const body: Record<string, unknown> = {
      volumes: page.volumes.map((v) => (detail ? volumeDetail(view, v) : volumeSummary(view, v))),
    };
    if (page.nextHref) body.volumes_links = [{ href: page.nextHref, rel: 'next' }];
    if (view.mv >= 3045 && ['true', '1', 'True'].includes(c.req.query('with_count') ?? '')) {
      body.count = page.count;
    }
    return c.json(body);
  };
  app.get('/:project_id/volumes', list(false));
  app.get('/:project_id/volumes/detail', list(true));

  app.post('/:project_id/volumes', async (c) => {
    const auth = c.get('auth');
    const view = viewOf(site, c);
    const { volume: input } = validate(CreateVolume, await readJson(c));
    checkVolumeType(site, input.volume_type);
    if (input.availability_zone && input.availability_zone !== AVAILABILITY_ZONE) {
      throw new CinderError(
        400,
        `Invalid input received: Availability zone '${input.availability_zone}' is invalid.`,
      );
    }
    if (input.snapshot_id)
      throw new CinderError(404, `Snapshot ${input.snapshot_id} could not be found.`);
    const source = input.source_volid ? ownVolume(site, c, input.source_volid) : undefined;

    const imageId = input.imageRef ?? input.image_id ?? undefined;
    const image = imageId ? findImageForProject(site, auth.projectId, imageId) : undefined;
    if (imageId && (!image || image.status !== 'active')) {
      throw new CinderError(400, 'Invalid image identifier or unable to access requested image.');
    }
    const size =
      input.size ??
      source?.size ??
      (image ? Math.max(Math.ceil((image.size ?? 0) / GIB), image.minDisk, 1) : undefined);
    if (size === undefined) {
      throw new CinderError(
        400,
        'Invalid input received: Size must be specified when creating a volume without a source.',
      );
    }
    if (image) {
      const imageGb = Math.ceil((image.size ?? 0) / GIB);
      if (imageGb > size) {
        throw new CinderError(
          400,
          `Invalid input received: Size of specified image ${imageGb}GB is larger than volume size ${size}GB.`,
        );
      }
      if (image.minDisk > size) {
        throw new CinderError(
          400,
          `Invalid input received: Volume size ${size}GB cannot be smaller than the image minDisk size ${image.minDisk}GB.`,
        );
      }
    }
    if (source && size < source.size) {
      throw new CinderError(
        400,
        `Invalid input received: Volume size '${size}' must be an integer and greater than 0 and at least ${source.size}.`,
      );
    }

    const now = site.now();
    const volume: VolumeRecord = {
      id: uuid(),
      name: input.name ?? input.display_name ?? null,
      description: input.description ?? input.display_description ?? null,
      status: 'available',
      size,
      availability_zone: AVAILABILITY_ZONE,
      created_at: cinderTime(now),
      updated_at: null,
      attachments: [],
      bootable: image || source?.bootable === 'true' ? 'true' : 'false',
      encrypted: false,
      multiattach: false,
      metadata: input.metadata ?? {},
      volume_type: DEFAULT_TYPE_NAME,
      snapshot_id: null,
      source_volid: source?.id ?? null,
      user_id: auth.userId,
      project_id: auth.projectId,
    };
    if (image) {
      volume.volume_image_metadata = {
        image_id: image.id,
        image_name: image.name,
        min_disk: String(image.minDisk),
        min_ram: String(image.minRam),
        size: String(image.size ?? 0),
        ...Object.fromEntries(Object.entries(image.properties).map(([k, v]) => [k, String(v)])),
      };
    } else if (source?.volume_image_metadata) {
      volume.volume_image_metadata = { ...source.volume_image_metadata };
    }
    site.store.transaction(() => {
      checkQuota(site, auth.projectId, { volumes: 1, gigabytes: size });
      site.store.insert(VOLUME_KIND, volume.id, volume.project_id, volume, now);
    });
    return c.json({ volume: volumeDetail(view, { ...volume, status: 'creating' }) }, 202);
  });

  app.get('/:project_id/volumes/:id', (c) => {
    const volume = ownVolume(site, c, c.req.param('id'));
    return c.json({ volume: volumeDetail(viewOf(site, c), volume) });
  });

  app.put('/:project_id/volumes/:id', async (c) => {
    const { volume: input } = validate(UpdateVolume, await readJson(c));
    const volume = ownVolume(site, c, c.req.param('id'));
    const name = input.name !== undefined ? input.name : input.display_name;
    const description =
      input.description !== undefined ? input.description : input.display_description;
    if (name !== undefined) volume.name = name;
    if (description !== undefined) volume.description = description;
    if (input.metadata !== undefined) volume.metadata = input.metadata;
    saveVolume(site, volume);
    return c.json({ volume: volumeDetail(viewOf(site, c), volume) });
  });

  app.delete('/:project_id/volumes/:id', (c) => {
    const volume = ownVolume(site, c, c.req.param('id'));
    // cinder/volume/api.py delete(): only settled, unattached volumes go.
    if (
      !['available', 'error', 'error_restoring', 'error_extending', 'error_managing'].includes(
        volume.status,
      ) ||
      volume.attachments.length > 0
    ) {
      throw invalidVolume(
        'Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
      );
    }
    site.store.delete(VOLUME_KIND, volume.id);
    return c.body(null, 202);
  });
}
