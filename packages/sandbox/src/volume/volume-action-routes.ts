import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import { ServiceError } from '../site/service-error.js';
import { attachToServer, detachFromServer } from './attachment-store.js';
import type { CinderApp, CinderContext } from './env.js';
import { CinderError, invalidVolume } from './errors.js';
import { checkQuota } from './quota-store.js';
import { readJson } from './request.js';
import type { VolumeRecord } from './volume-model.js';
import { ownVolume, saveVolume } from './volume-store.js';

const Attach = z.looseObject({
  instance_uuid: z.string().optional(),
  host_name: z.string().optional(),
  mountpoint: z.string(),
  mode: z.enum(['rw', 'ro']).optional(),
});
const Detach = z.looseObject({ attachment_id: z.string().optional() }).nullable();
const Extend = z.looseObject({
  new_size: z.union([z.int(), z.string().regex(/^\d+$/).transform(Number)]),
});
const SetBootable = z.looseObject({
  bootable: z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])]),
});

type Handler = (site: SiteContext, c: CinderContext, volume: VolumeRecord, args: unknown) => void;

function parse<T>(schema: z.ZodType<T>, input: unknown, action: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new CinderError(
      400,
      `Invalid input for field/attribute ${action}. ${result.error.issues[0]?.message ?? ''}`.trim(),
    );
  }
  return result.data;
}

function requireStatus(volume: VolumeRecord, allowed: string[], what: string): void {
  if (!allowed.includes(volume.status)) {
    throw invalidVolume(
      `Volume status must be ${allowed.join(' or ')} to ${what}, but current status is: ${volume.status}.`,
    );
  }
}

/** Nova-side helpers raise ServiceError; over this API they are Cinder faults with the same status. */
function asCinder<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ServiceError) throw new CinderError(error.status, error.message);
    throw error;
  }
}

/**
 * The volume actions Nova's old attach flow and operators use
 * (https://docs.openstack.org/api-ref/block-storage/v3/#volume-actions-volumes-action).
 */
const ACTIONS: Record<string, Handler> = {
  'os-reserve': (site, _c, volume) => {
    requireStatus(volume, ['available'], 'reserve');
    volume.status = 'attaching';
    saveVolume(site, volume);
  },
  'os-unreserve': (site, _c, volume) => {
    if (volume.status === 'attaching') {
      volume.status = volume.attachments.length > 0 ? 'in-use' : 'available';
      saveVolume(site, volume);
    }
  },
  'os-attach': (site, _c, volume, args) => {
    const { instance_uuid: server, host_name: host, mountpoint } = parse(Attach, args, 'os-attach');
    const target = server ?? host;
    if (!target)
      throw new CinderError(400, 'Invalid request to attach volume to an invalid target');
    asCinder(() => attachToServer(site, volume, target, mountpoint));
  },
  'os-begin_detaching': (site, _c, volume) => {
    requireStatus(volume, ['in-use'], 'begin detaching');
    volume.status = 'detaching';
    saveVolume(site, volume);
  },
  'os-roll_detaching': (site, _c, volume) => {
    if (volume.status === 'detaching') {
      volume.status = 'in-use';
      saveVolume(site, volume);
    }
  },
  'os-detach': (site, _c, volume, args) => {
    const input = parse(Detach, args, 'os-detach');
    const attachment = input?.attachment_id
      ? volume.attachments.find((a) => a.attachment_id === input.attachment_id)
      : volume.attachments[0];
    if (!attachment) {
      throw invalidVolume('Volume must be attached in order to detach.');
    }
    asCinder(() => detachFromServer(site, volume, attachment.server_id));
  },
  'os-extend': (site, c, volume, args) => {
    const { new_size: newSize } = parse(Extend, args, 'os-extend');
    requireStatus(volume, ['available'], 'extend');
    if (newSize <= volume.size) {
      throw invalidVolume(
        `New size for extend must be greater than current size. (current: ${volume.size}, extended: ${newSize}).`,
      );
    }
    site.store.transaction(() => {
      checkQuota(site, c.get('auth').projectId, { volumes: 0, gigabytes: newSize - volume.size });
      volume.size = newSize;
      saveVolume(site, volume);
    });
  },
  'os-set_bootable': (site, _c, volume, args) => {
    const { bootable } = parse(SetBootable, args, 'os-set_bootable');
    volume.bootable = String(bootable).toLowerCase() === 'true' ? 'true' : 'false';
    saveVolume(site, volume);
  },
};

export function registerActionRoutes(app: CinderApp, site: SiteContext): void {
  app.post('/:project_id/volumes/:id/action', async (c) => {
    const body = await readJson(c);
    const entries =
      typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.entries(body) : [];
    const [name, args] = entries[0] ?? [];
    if (entries.length !== 1 || name === undefined)
      throw new CinderError(400, 'Malformed request body');
    const handler = ACTIONS[name];
    if (!handler) throw new CinderError(400, `There is no such action: ${name}`);
    const volume = ownVolume(site, c, c.req.param('id'));
    handler(site, c, volume, args);
    return c.body(null, 202);
  });
}
