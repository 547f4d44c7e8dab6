import { listImages, type Client, type Image } from '@fedcloud/openstack';
import { dictColumn, listColumn, pyText, type OscOutput } from './format.js';
import { findImage } from './lookup.js';
import { arg, flag, str, type NativeCommand } from './registry.js';
import { rec, showOf } from './show.js';

const IMAGE_LIST_COLUMNS = ['ID', 'Name', 'Status'];
const IMAGE_LONG_COLUMNS = [
  'ID',
  'Name',
  'Disk Format',
  'Container Format',
  'Size',
  'Checksum',
  'Status',
  'Visibility',
  'Protected',
  'Project',
  'Tags',
];

function sortImages(images: Image[], sort: string | undefined): Image[] {
  const keys = (sort ?? 'name:asc').split(',').map((part) => {
    const [key = 'name', dir = 'asc'] = part.split(':');
    return { key, desc: dir === 'desc' };
  });
  return [...images].sort((a, b) => {
    for (const { key, desc } of keys) {
      const x = rec(a)[key];
      const y = rec(b)[key];
      if (x === y) continue;
      const c =
        x === null || x === undefined
          ? -1
          : y === null || y === undefined
            ? 1
            : typeof x === 'number' && typeof y === 'number'
              ? x - y
              : pyText(x) < pyText(y)
                ? -1
                : 1;
      return desc ? -c : c;
    }
    return 0;
  });
}

/** `image list [--long]` rows (also what `fedcloud select image` filters). */
export async function imageRows(
  client: Client,
  options: { long: boolean; sort?: string; query?: Record<string, string>; signal: AbortSignal },
): Promise<OscOutput & { kind: 'list' }> {
  const images = sortImages(
    await listImages(client, options.query ?? {}, { signal: options.signal }),
    options.sort,
  );
  return {
    kind: 'list',
    columns: options.long ? IMAGE_LONG_COLUMNS : IMAGE_LIST_COLUMNS,
    rows: images.map((i) =>
      options.long
        ? [
            i.id,
            i.name ?? '',
            i.disk_format ?? '',
            i.container_format ?? '',
            i.size ?? null,
            i.checksum ?? '',
            i.status,
            i.visibility ?? '',
            i.protected ?? false,
            i.owner ?? '',
            listColumn(i.tags ?? []),
          ]
        : [i.id, i.name ?? '', i.status],
    ),
  };
}

const imageList: NativeCommand = {
  path: ['image', 'list'],
  positionals: [0, 0],
  options: {
    long: { type: 'boolean' },
    public: { type: 'boolean' },
    private: { type: 'boolean' },
    shared: { type: 'boolean' },
    community: { type: 'boolean' },
    name: { type: 'string' },
    status: { type: 'string' },
    tag: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
  },
  run(ctx, values) {
    const query: Record<string, string> = {};
    for (const v of ['public', 'private', 'shared', 'community']) {
      if (flag(values, v)) query.visibility = v;
    }
    for (const k of ['name', 'status', 'tag', 'limit']) {
      const v = str(values, k);
      if (v) query[k] = v;
    }
    const sort = str(values, 'sort');
    return imageRows(ctx.session.client, {
      long: flag(values, 'long'),
      ...(sort ? { sort } : {}),
      query,
      signal: ctx.signal,
    });
  },
};

const IMAGE_FIELDS = new Set([
  'status',
  'name',
  'container_format',
  'created_at',
  'size',
  'disk_format',
  'updated_at',
  'visibility',
  'min_disk',
  'protected',
  'id',
  'file',
  'checksum',
  'owner',
  'virtual_size',
  'min_ram',
  'schema',
]);

const imageShow: NativeCommand = {
  path: ['image', 'show'],
  positionals: [1, 1],
  show: true,
  options: { 'human-readable': { type: 'boolean' } },
  async run(ctx, _values, positionals) {
    const image = await findImage(ctx.session.client, arg(positionals, 0), ctx.signal);
    const info: Record<string, unknown> = {};
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rec(image))) {
      if (IMAGE_FIELDS.has(key)) {
        if (value !== null && value !== undefined) info[key] = value;
      } else if (key === 'tags') continue;
      else if (key === 'properties' && value && typeof value === 'object') {
        Object.assign(properties, value);
      } else if (!['locations', 'location', 'self', 'direct_url'].includes(key)) {
        properties[key] = value;
      }
    }
    info.tags = listColumn(image.tags ?? []);
    if (Object.keys(properties).length) info.properties = dictColumn(properties);
    return showOf(info);
  },
};

export const IMAGE_COMMANDS: NativeCommand[] = [imageList, imageShow];
