import {
  listFlavors,
  listImages,
  listServers,
  validateToken,
  type Server,
} from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import { dictColumn } from './format.js';
import { consoleUrlShow } from './console.js';
import { findServer } from './lookup.js';
import { arg, flag, str, type NativeCommand, type NativeContext } from './registry.js';
import { actionCommand, serverDelete } from './server-actions.js';
import { serverCreate } from './server-create.js';
import { addressesColumn, imageId, powerState, raw, serverDetail } from './server-detail.js';

async function myUserId(ctx: NativeContext): Promise<string> {
  const { auth, client } = ctx.session;
  if (auth.userId) return auth.userId;
  if (!auth.identityUrl) throw new FedcloudError('INTERNAL', 'no identity URL to find the user');
  const info = await validateToken(client.transport, {
    identityUrl: auth.identityUrl,
    token: auth.token,
    signal: ctx.signal,
  });
  if (!info.userId) throw new FedcloudError('INTERNAL', 'Keystone named no user for the token');
  return info.userId;
}

const serverList: NativeCommand = {
  path: ['server', 'list'],
  positionals: [0, 0],
  options: {
    long: { type: 'boolean' },
    name: { type: 'string' },
    status: { type: 'string' },
    'no-name-lookup': { type: 'boolean', short: 'n' },
    limit: { type: 'string' },
    'all-projects': { type: 'boolean' },
  },
  async run(ctx, values) {
    const { client } = ctx.session;
    const { signal } = ctx;
    const query: Record<string, string | number | boolean> = {};
    const name = str(values, 'name');
    const status = str(values, 'status');
    const limit = str(values, 'limit');
    if (name) query.name = name;
    if (status) query.status = status;
    if (limit) query.limit = Number(limit);
    if (flag(values, 'all-projects')) query.all_tenants = true;
    const lookup = !flag(values, 'no-name-lookup');
    const [servers, images, flavors, me] = await Promise.all([
      listServers(client, query, { signal }),
      lookup ? listImages(client, {}, { signal }).catch(() => []) : Promise.resolve([]),
      lookup ? listFlavors(client, {}, { signal }).catch(() => []) : Promise.resolve([]),
      ctx.mine ? myUserId(ctx) : Promise.resolve(undefined),
    ]);
    const imageName = new Map(images.map((i) => [i.id, i.name ?? '']));
    const flavorName = new Map(flavors.map((f) => [f.id, f.name]));
    const mine = me === undefined ? servers : servers.filter((s) => s.user_id === me);
    const rows = mine.map((s) => {
      const image = imageId(s);
      const imageShown = image
        ? lookup
          ? (imageName.get(image) ?? '')
          : image
        : 'N/A (booted from volume)';
      const flavorId = s.flavor?.id ?? '';
      const flavorShown =
        s.flavor?.original_name ?? (lookup ? (flavorName.get(flavorId) ?? '') : flavorId);
      return { s, image, imageShown, flavorId, flavorShown };
    });
    if (flag(values, 'long')) {
      return {
        kind: 'list',
        columns: [
          'ID',
          'Name',
          'Status',
          'Task State',
          'Power State',
          'Networks',
          'Image Name',
          'Image ID',
          'Flavor Name',
          'Flavor ID',
          'Availability Zone',
          'Host',
          'Properties',
        ],
        rows: rows.map(({ s, image, imageShown, flavorId, flavorShown }) => [
          s.id,
          s.name ?? '',
          s.status ?? '',
          raw(s)['OS-EXT-STS:task_state'] ?? null,
          powerState(raw(s)['OS-EXT-STS:power_state']),
          addressesColumn(s.addresses),
          imageShown,
          image ?? '',
          flavorShown,
          flavorId,
          raw(s)['OS-EXT-AZ:availability_zone'] ?? '',
          raw(s)['OS-EXT-SRV-ATTR:host'] ?? '',
          dictColumn(s.metadata ?? {}),
        ]),
      };
    }
    return {
      kind: 'list',
      columns: ['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor'],
      rows: rows.map(({ s, imageShown, flavorShown }) => [
        s.id,
        s.name ?? '',
        s.status ?? '',
        addressesColumn(s.addresses),
        imageShown,
        flavorShown,
      ]),
    };
  },
};

const serverShow: NativeCommand = {
  path: ['server', 'show'],
  positionals: [1, 1],
  show: true,
  options: {},
  async run(ctx, _values, positionals) {
    const server = await findServer(ctx.session.client, arg(positionals, 0), ctx.signal);
    return serverDetail(ctx.session.client, server, ctx.signal);
  },
};

export const SERVER_COMMANDS: NativeCommand[] = [
  serverList,
  serverShow,
  serverCreate,
  serverDelete,
  actionCommand('start', 'ACTIVE'),
  actionCommand('stop', 'SHUTOFF'),
  actionCommand('reboot', 'ACTIVE', { hard: { type: 'boolean' }, soft: { type: 'boolean' } }),
  consoleUrlShow,
];

/** The floating (else fixed) IPv4 of a server, for `fedcloud ssh`. */
export function serverAddress(server: Server): string | undefined {
  const all = Object.values(
    (server.addresses ?? {}) as Record<string, Record<string, unknown>[]>,
  ).flat();
  const v4 = all.filter((a) => (a.version ?? 4) === 4 && typeof a.addr === 'string');
  const floating = v4.find((a) => a['OS-EXT-IPS:type'] === 'floating');
  return ((floating ?? v4[0])?.addr as string | undefined) ?? undefined;
}
