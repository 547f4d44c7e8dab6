import {
  createServer,
  deleteServer,
  getConsoleUrl,
  getServer,
  isOpenStackError,
  listFlavors,
  listImages,
  listServers,
  serverAction,
  validateToken,
  type Client,
  type CreateServerRequest,
  type Server,
} from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import { dictColumn, Formatted, listOfDictsColumn, type OscOutput } from './format.js';
import { findFlavor, findImage, findNetwork, findServer } from './lookup.js';
import { arg, flag, str, strs, type NativeCommand, type NativeContext } from './registry.js';

/** nova's power states, as openstackclient's PowerStateColumn names them. */
const POWER_STATES: Record<number, string> = {
  0: 'NOSTATE',
  1: 'Running',
  3: 'Paused',
  4: 'Shutdown',
  6: 'Crashed',
  7: 'Suspended',
};

export function powerState(value: unknown): Formatted {
  return new Formatted(
    typeof value === 'number' ? (POWER_STATES[value] ?? 'N/A') : 'N/A',
    value ?? null,
  );
}

type Addresses = Record<string, { addr: string }[]>;

/** openstackclient's AddressesColumn: `net=10.0.0.5, 2001::1; net2=…`; `{net: [addr]}` for machines. */
export function addressesColumn(addresses: Addresses | undefined): Formatted {
  const simple = Object.fromEntries(
    Object.entries(addresses ?? {}).map(([net, list]) => [net, list.map((a) => a.addr)]),
  );
  return new Formatted(
    Object.entries(simple)
      .map(([net, list]) => `${net}=${list.join(', ')}`)
      .join('; '),
    simple,
  );
}

const raw = (server: Server) => server as Record<string, unknown>;

function imageId(server: Server): string | undefined {
  return typeof server.image === 'object' ? server.image.id : undefined;
}

/** `server show`: the API's fields, renamed and formatted as openstackclient's _prep_server_detail. */
async function serverDetail(
  client: Client,
  server: Server,
  signal: AbortSignal,
): Promise<OscOutput> {
  const info: Record<string, unknown> = { ...raw(server) };
  const image = imageId(server);
  if (image) {
    const name = await findImage(client, image, signal).then(
      (i) => i.name ?? '',
      () => '',
    );
    info.image = `${name} (${image})`;
  } else {
    info.image = 'N/A (booted from volume)';
  }
  const flavor = server.flavor;
  if (flavor?.original_name !== undefined) {
    const { links: _links, ...rest } = flavor as Record<string, unknown>;
    info.flavor = dictColumn(rest);
  } else if (flavor?.id) {
    const name = await findFlavor(client, flavor.id, signal).then(
      (f) => f.name,
      () => '',
    );
    info.flavor = `${name} (${flavor.id})`;
  }
  info.addresses = addressesColumn(server.addresses);
  info.properties = dictColumn(server.metadata ?? {});
  delete info.metadata;
  delete info.links;
  if ('tenant_id' in info) {
    info.project_id = info.tenant_id;
    delete info.tenant_id;
  }
  const volumes = info['os-extended-volumes:volumes_attached'];
  delete info['os-extended-volumes:volumes_attached'];
  info.volumes_attached = listOfDictsColumn(
    Array.isArray(volumes) ? (volumes as Record<string, unknown>[]) : [],
  );
  if (Array.isArray(info.security_groups)) {
    info.security_groups = listOfDictsColumn(info.security_groups as Record<string, unknown>[]);
  }
  if ('OS-EXT-STS:power_state' in info) {
    info['OS-EXT-STS:power_state'] = powerState(info['OS-EXT-STS:power_state']);
  }
  const fields = Object.keys(info).sort();
  return { kind: 'show', columns: fields, values: fields.map((f) => info[f]) };
}

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

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });

/** Polls every second, as openstackclient's --wait does, until `done` says so or time runs out. */
async function poll(
  ctx: NativeContext,
  what: string,
  step: () => Promise<{ done: boolean; status: string }>,
): Promise<string> {
  const deadline = Date.now() + ctx.waitTimeoutMs;
  for (;;) {
    const { done, status } = await step();
    ctx.progress(`${what}: ${status}`);
    if (done) return status;
    if (Date.now() >= deadline) {
      throw new FedcloudError(
        'SITE_TIMEOUT',
        `Timed out waiting for ${what} (last status ${status})`,
      );
    }
    await sleep(1000, ctx.signal);
  }
}

async function waitForStatus(ctx: NativeContext, id: string, wanted: string[]): Promise<void> {
  const status = await poll(ctx, `server ${id}`, async () => {
    const s = await getServer(ctx.session.client, id, { signal: ctx.signal });
    const st = s.status ?? 'UNKNOWN';
    return { done: wanted.includes(st) || st === 'ERROR', status: st };
  });
  if (status === 'ERROR') {
    throw new FedcloudError('OPENSTACK_ERROR', `Error creating server: ${id}`);
  }
}

async function waitForDelete(ctx: NativeContext, id: string): Promise<void> {
  await poll(ctx, `server ${id}`, async () => {
    try {
      const s = await getServer(ctx.session.client, id, { signal: ctx.signal });
      return { done: false, status: s.status ?? 'UNKNOWN' };
    } catch (error) {
      if (isOpenStackError(error) && error.status === 404) return { done: true, status: 'DELETED' };
      throw error;
    }
  });
}

function keyValues(pairs: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new FedcloudError('USAGE', `${what} must be key=value, not '${pair}'`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** `--nic net-id=…,v4-fixed-ip=…|port-id=…|none|auto` and `--network NAME`. */
async function networksFor(
  ctx: NativeContext,
  nics: string[],
  networks: string[],
): Promise<CreateServerRequest['networks']> {
  const { client } = ctx.session;
  if (nics.length === 1 && (nics[0] === 'none' || nics[0] === 'auto')) return nics[0];
  const out: { uuid?: string; port?: string; fixed_ip?: string }[] = [];
  for (const nic of nics) {
    const spec = keyValues(nic.split(','), '--nic');
    const entry: { uuid?: string; port?: string; fixed_ip?: string } = {};
    if (spec['net-id']) entry.uuid = (await findNetwork(client, spec['net-id'], ctx.signal)).id;
    if (spec['port-id']) entry.port = spec['port-id'];
    const fixed = spec['v4-fixed-ip'] ?? spec['v6-fixed-ip'];
    if (fixed) entry.fixed_ip = fixed;
    if (!entry.uuid && !entry.port) {
      throw new FedcloudError(
        'USAGE',
        `Invalid --nic argument '${nic}': either network or port should be specified but not both`,
      );
    }
    out.push(entry);
  }
  for (const network of networks) {
    out.push({ uuid: (await findNetwork(client, network, ctx.signal)).id });
  }
  return out.length ? out : undefined;
}

const serverCreate: NativeCommand = {
  path: ['server', 'create'],
  positionals: [1, 1],
  show: true,
  options: {
    image: { type: 'string' },
    flavor: { type: 'string' },
    nic: { type: 'string', multiple: true },
    network: { type: 'string', multiple: true },
    'key-name': { type: 'string' },
    'user-data': { type: 'string' },
    'security-group': { type: 'string', multiple: true },
    property: { type: 'string', multiple: true },
    'availability-zone': { type: 'string' },
    min: { type: 'string' },
    max: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const { client } = ctx.session;
    const { signal } = ctx;
    const imageKey = str(values, 'image');
    const flavorKey = str(values, 'flavor');
    if (!flavorKey)
      throw new FedcloudError('USAGE', 'the following arguments are required: --flavor');
    if (!imageKey) {
      throw new FedcloudError('USAGE', 'An image (--image) or volume (--volume) is required');
    }
    const [image, flavor] = await Promise.all([
      findImage(client, imageKey, signal),
      findFlavor(client, flavorKey, signal),
    ]);
    const request: CreateServerRequest = {
      name: arg(positionals, 0),
      imageRef: image.id,
      flavorRef: flavor.id,
    };
    const networks = await networksFor(ctx, strs(values, 'nic'), strs(values, 'network'));
    if (networks) request.networks = networks;
    const keyName = str(values, 'key-name');
    if (keyName) request.key_name = keyName;
    const userData = str(values, 'user-data');
    if (userData) {
      let text: string;
      try {
        text = await ctx.readFile(userData);
      } catch (error) {
        throw new FedcloudError('USAGE', `Can't open '${userData}': ${(error as Error).message}`);
      }
      request.user_data = Buffer.from(text).toString('base64');
    }
    const groups = strs(values, 'security-group');
    if (groups.length) request.security_groups = groups.map((name) => ({ name }));
    const properties = strs(values, 'property');
    if (properties.length) request.metadata = keyValues(properties, '--property');
    const az = str(values, 'availability-zone');
    if (az) request.availability_zone = az;
    const min = str(values, 'min');
    const max = str(values, 'max');
    if (min) request.min_count = Number(min);
    if (max) request.max_count = Number(max);
    const created = await createServer(client, request, { signal });
    if (ctx.wait) await waitForStatus(ctx, created.id, ['ACTIVE']);
    const server = await getServer(client, created.id, { signal });
    const detail = await serverDetail(client, server, signal);
    if (detail.kind !== 'show' || created.adminPass === undefined) return detail;
    const fields = [...detail.columns, 'adminPass'].sort();
    const map = new Map(detail.columns.map((c, i) => [c, detail.values[i]]));
    map.set('adminPass', created.adminPass);
    return { kind: 'show', columns: fields, values: fields.map((f) => map.get(f)) };
  },
};

const serverDelete: NativeCommand = {
  path: ['server', 'delete'],
  positionals: [1, Infinity],
  options: { force: { type: 'boolean' } },
  show: true,
  async run(ctx, _values, positionals) {
    for (const key of positionals) {
      const server = await findServer(ctx.session.client, key, ctx.signal);
      await deleteServer(ctx.session.client, server.id, { signal: ctx.signal });
      if (ctx.wait) await waitForDelete(ctx, server.id);
    }
    return { kind: 'none' };
  },
};

function actionCommand(
  action: 'start' | 'stop' | 'reboot',
  wanted: string,
  options: NativeCommand['options'] = {},
): NativeCommand {
  return {
    path: ['server', action],
    positionals: [1, Infinity],
    options,
    show: true,
    async run(ctx, values, positionals) {
      for (const key of positionals) {
        const server = await findServer(ctx.session.client, key, ctx.signal);
        await serverAction(ctx.session.client, server.id, action, {
          signal: ctx.signal,
          ...(action === 'reboot' ? { type: flag(values, 'hard') ? 'HARD' : 'SOFT' } : {}),
        });
        if (ctx.wait) await waitForStatus(ctx, server.id, [wanted]);
      }
      return { kind: 'none' };
    },
  };
}

const consoleUrlShow: NativeCommand = {
  path: ['console', 'url', 'show'],
  positionals: [1, 1],
  show: true,
  options: {
    novnc: { type: 'boolean' },
    xvpvnc: { type: 'boolean' },
    spice: { type: 'boolean' },
    rdp: { type: 'boolean' },
    serial: { type: 'boolean' },
    mks: { type: 'boolean' },
  },
  async run(ctx, values, positionals) {
    const server = await findServer(ctx.session.client, arg(positionals, 0), ctx.signal);
    const [protocol, type] = flag(values, 'xvpvnc')
      ? (['vnc', 'xvpvnc'] as const)
      : flag(values, 'spice')
        ? (['spice', 'spice-html5'] as const)
        : flag(values, 'rdp')
          ? (['rdp', 'rdp-html5'] as const)
          : flag(values, 'serial')
            ? (['serial', 'serial'] as const)
            : flag(values, 'mks')
              ? (['mks', 'webmks'] as const)
              : (['vnc', 'novnc'] as const);
    const url = await getConsoleUrl(ctx.session.client, server.id, {
      protocol,
      type,
      signal: ctx.signal,
    });
    return { kind: 'show', columns: ['protocol', 'type', 'url'], values: [protocol, type, url] };
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
