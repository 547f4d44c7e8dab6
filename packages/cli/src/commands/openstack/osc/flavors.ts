import { getFlavorExtraSpecs, listFlavors, type Client, type Flavor } from '@fedcloud/openstack';
import { dictColumn, PyFloat, type OscOutput } from './format.js';
import { findFlavor } from './lookup.js';
import { arg, flag, str, type NativeCommand } from './registry.js';
import { nul, rec, showOf } from './show.js';

/** Extra specs come inline from microversion 2.61; older answers need one call per flavor. */
async function extraSpecs(
  client: Client,
  flavor: Flavor,
  signal: AbortSignal,
): Promise<Record<string, string>> {
  return flavor.extra_specs ?? getFlavorExtraSpecs(client, flavor.id, { signal });
}

const swap = (flavor: Flavor) =>
  flavor.swap === 0 || flavor.swap === undefined ? '' : flavor.swap;
const rxtx = (flavor: Flavor) => new PyFloat(Number(rec(flavor).rxtx_factor ?? 1));

const FLAVOR_LIST_COLUMNS = ['ID', 'Name', 'RAM', 'Disk', 'Ephemeral', 'VCPUs', 'Is Public'];
const FLAVOR_LONG_COLUMNS = [...FLAVOR_LIST_COLUMNS, 'Swap', 'RXTX Factor', 'Properties'];

/** `flavor list [--long]` rows (also what `fedcloud select flavor` filters). */
export async function flavorRows(
  client: Client,
  long: boolean,
  signal: AbortSignal,
  query: Record<string, string> = {},
): Promise<OscOutput & { kind: 'list' }> {
  const flavors = await listFlavors(client, query, { signal });
  const specs = long ? await Promise.all(flavors.map((f) => extraSpecs(client, f, signal))) : [];
  return {
    kind: 'list',
    columns: long ? FLAVOR_LONG_COLUMNS : FLAVOR_LIST_COLUMNS,
    rows: flavors.map((f, i) => {
      const base = [
        f.id,
        f.name,
        f.ram ?? 0,
        f.disk ?? 0,
        f['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
        f.vcpus ?? 0,
        f['os-flavor-access:is_public'] ?? true,
      ];
      return long ? [...base, swap(f), rxtx(f), dictColumn(specs[i] ?? {})] : base;
    }),
  };
}

const flavorList: NativeCommand = {
  path: ['flavor', 'list'],
  positionals: [0, 0],
  options: {
    long: { type: 'boolean' },
    public: { type: 'boolean' },
    private: { type: 'boolean' },
    all: { type: 'boolean' },
    'min-disk': { type: 'string' },
    'min-ram': { type: 'string' },
  },
  run(ctx, values) {
    const query: Record<string, string> = {};
    if (flag(values, 'private')) query.is_public = 'false';
    if (flag(values, 'all')) query.is_public = 'None';
    const minDisk = str(values, 'min-disk');
    const minRam = str(values, 'min-ram');
    if (minDisk) query.minDisk = minDisk;
    if (minRam) query.minRam = minRam;
    return flavorRows(ctx.session.client, flag(values, 'long'), ctx.signal, query);
  },
};

const flavorShow: NativeCommand = {
  path: ['flavor', 'show'],
  positionals: [1, 1],
  show: true,
  options: {},
  async run(ctx, _values, positionals) {
    const { client } = ctx.session;
    const flavor = await findFlavor(client, arg(positionals, 0), ctx.signal);
    const specs = await extraSpecs(client, flavor, ctx.signal);
    const r = rec(flavor);
    return showOf({
      'OS-FLV-DISABLED:disabled': r['OS-FLV-DISABLED:disabled'] ?? false,
      'OS-FLV-EXT-DATA:ephemeral': flavor['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
      access_project_ids: nul(r.access_project_ids),
      description: nul(r.description),
      disk: flavor.disk ?? 0,
      id: flavor.id,
      name: flavor.name,
      'os-flavor-access:is_public': flavor['os-flavor-access:is_public'] ?? true,
      properties: dictColumn(specs),
      ram: flavor.ram ?? 0,
      rxtx_factor: rxtx(flavor),
      swap: swap(flavor),
      vcpus: flavor.vcpus ?? 0,
    });
  },
};

export const FLAVOR_COMMANDS: NativeCommand[] = [flavorList, flavorShow];
