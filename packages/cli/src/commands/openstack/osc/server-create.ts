import { createServer, getServer, type CreateServerRequest } from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import { findFlavor, findImage, findNetwork } from './lookup.js';
import { arg, str, strs, type NativeCommand, type NativeContext } from './registry.js';
import { serverDetail } from './server-detail.js';
import { waitForStatus } from './server-wait.js';

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

export const serverCreate: NativeCommand = {
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
