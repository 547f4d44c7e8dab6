import {
  createVolume,
  deleteVolume,
  listVolumes,
  type CreateVolumeRequest,
  type Volume,
} from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import { dictColumn, Formatted, pyText } from './format.js';
import { findImage, findVolume } from './lookup.js';
import { arg, flag, str, strs, type NativeCommand } from './registry.js';
import { nul, rec, showOf } from './show.js';

function attachmentsColumn(volume: Volume): Formatted {
  const list = (volume.attachments ?? []) as Record<string, unknown>[];
  const human = list
    .map((a) => `Attached to ${pyText(a.server_id ?? '')} on ${pyText(a.device ?? '')} `)
    .join('\n');
  return new Formatted(human, list);
}

const volumeList: NativeCommand = {
  path: ['volume', 'list'],
  positionals: [0, 0],
  options: { long: { type: 'boolean' }, name: { type: 'string' }, status: { type: 'string' } },
  async run(ctx, values) {
    const query: Record<string, string> = {};
    const name = str(values, 'name');
    const status = str(values, 'status');
    if (name) query.name = name;
    if (status) query.status = status;
    const volumes = await listVolumes(ctx.session.client, query, { signal: ctx.signal });
    if (flag(values, 'long')) {
      return {
        kind: 'list',
        columns: ['ID', 'Name', 'Status', 'Size', 'Type', 'Bootable', 'Attached to', 'Properties'],
        rows: volumes.map((v) => [
          v.id,
          v.name ?? '',
          v.status,
          v.size,
          nul(v.volume_type),
          nul(v.bootable),
          attachmentsColumn(v),
          dictColumn(v.metadata ?? {}),
        ]),
      };
    }
    return {
      kind: 'list',
      columns: ['ID', 'Name', 'Status', 'Size', 'Attached to'],
      rows: volumes.map((v) => [v.id, v.name ?? '', v.status, v.size, attachmentsColumn(v)]),
    };
  },
};

const volumeCreate: NativeCommand = {
  path: ['volume', 'create'],
  positionals: [1, 1],
  show: true,
  options: {
    size: { type: 'string' },
    image: { type: 'string' },
    description: { type: 'string' },
    type: { type: 'string' },
    'availability-zone': { type: 'string' },
    property: { type: 'string', multiple: true },
  },
  async run(ctx, values, positionals) {
    const { client } = ctx.session;
    const size = str(values, 'size');
    if (!size) throw new FedcloudError('USAGE', '--size is required to create a volume');
    const request: CreateVolumeRequest = { size: Number(size), name: arg(positionals, 0) };
    const image = str(values, 'image');
    if (image) request.imageRef = (await findImage(client, image, ctx.signal)).id;
    const description = str(values, 'description');
    if (description) request.description = description;
    const type = str(values, 'type');
    if (type) request.volume_type = type;
    const az = str(values, 'availability-zone');
    if (az) request.availability_zone = az;
    const properties = strs(values, 'property');
    if (properties.length) {
      request.metadata = Object.fromEntries(
        properties.map((p) => [p.split('=')[0] ?? p, p.split('=').slice(1).join('=')]),
      );
    }
    const volume = await createVolume(client, request, { signal: ctx.signal });
    const info: Record<string, unknown> = { ...rec(volume) };
    delete info.links;
    info.properties = dictColumn(volume.metadata ?? {});
    delete info.metadata;
    info.type = nul(volume.volume_type);
    delete info.volume_type;
    info.attachments = attachmentsColumn(volume);
    return showOf(info);
  },
};

const volumeDelete: NativeCommand = {
  path: ['volume', 'delete'],
  positionals: [1, Infinity],
  show: true,
  options: {},
  async run(ctx, _values, positionals) {
    for (const key of positionals) {
      const volume = await findVolume(ctx.session.client, key, ctx.signal);
      await deleteVolume(ctx.session.client, volume.id, { signal: ctx.signal });
    }
    return { kind: 'none' };
  },
};

export const VOLUME_COMMANDS: NativeCommand[] = [volumeList, volumeCreate, volumeDelete];
