import { listNetworks, type Client } from '@fedcloud/openstack';
import { Formatted, listColumn, type OscOutput } from './format.js';
import { findNetwork } from './lookup.js';
import { arg, flag, str, type NativeCommand } from './registry.js';
import { nul, rec, showOf } from './show.js';

const adminState = (up: unknown) => new Formatted(up === false ? 'DOWN' : 'UP', up ?? true);
const routerExternal = (ext: unknown) =>
  new Formatted(ext === true ? 'External' : 'Internal', ext ?? false);

const NETWORK_LONG_COLUMNS = [
  'ID',
  'Name',
  'Status',
  'Project',
  'State',
  'Shared',
  'Subnets',
  'Network Type',
  'Router Type',
  'Availability Zones',
  'Tags',
];

const networkList: NativeCommand = {
  path: ['network', 'list'],
  positionals: [0, 0],
  options: {
    long: { type: 'boolean' },
    external: { type: 'boolean' },
    internal: { type: 'boolean' },
    name: { type: 'string' },
    status: { type: 'string' },
    share: { type: 'boolean' },
    'no-share': { type: 'boolean' },
  },
  async run(ctx, values) {
    const query: Record<string, string | boolean> = {};
    if (flag(values, 'external')) query['router:external'] = true;
    if (flag(values, 'internal')) query['router:external'] = false;
    if (flag(values, 'share')) query.shared = true;
    if (flag(values, 'no-share')) query.shared = false;
    const name = str(values, 'name');
    const status = str(values, 'status');
    if (name) query.name = name;
    if (status) query.status = status;
    return networkRows(ctx.session.client, flag(values, 'long'), ctx.signal, query);
  },
};

/** `network list [--long]` rows (also what `fedcloud select network` filters). */
export async function networkRows(
  client: Client,
  long: boolean,
  signal: AbortSignal,
  query: Record<string, string | boolean> = {},
): Promise<OscOutput & { kind: 'list' }> {
  const networks = await listNetworks(client, query, { signal });
  if (!long) {
    return {
      kind: 'list',
      columns: ['ID', 'Name', 'Subnets'],
      rows: networks.map((n) => [n.id, n.name, listColumn(n.subnets ?? [])]),
    };
  }
  return {
    kind: 'list',
    columns: NETWORK_LONG_COLUMNS,
    rows: networks.map((n) => {
      const r = rec(n);
      return [
        n.id,
        n.name,
        n.status ?? '',
        n.project_id ?? n.tenant_id ?? '',
        adminState(n.admin_state_up),
        n.shared ?? false,
        listColumn(n.subnets ?? []),
        nul(r['provider:network_type']),
        routerExternal(n['router:external']),
        listColumn((r.availability_zones as string[] | undefined) ?? []),
        listColumn((r.tags as string[] | undefined) ?? []),
      ];
    }),
  };
}

const networkShow: NativeCommand = {
  path: ['network', 'show'],
  positionals: [1, 1],
  show: true,
  options: {},
  async run(ctx, _values, positionals) {
    const n = rec(await findNetwork(ctx.session.client, arg(positionals, 0), ctx.signal));
    return showOf({
      admin_state_up: adminState(n.admin_state_up),
      availability_zone_hints: listColumn((n.availability_zone_hints as string[]) ?? []),
      availability_zones: listColumn((n.availability_zones as string[]) ?? []),
      created_at: nul(n.created_at),
      description: nul(n.description),
      dns_domain: nul(n.dns_domain),
      id: n.id,
      ipv4_address_scope: nul(n.ipv4_address_scope),
      ipv6_address_scope: nul(n.ipv6_address_scope),
      is_default: nul(n.is_default),
      is_vlan_transparent: nul(n.vlan_transparent),
      mtu: nul(n.mtu),
      name: n.name,
      port_security_enabled: nul(n.port_security_enabled),
      project_id: nul(n.project_id ?? n.tenant_id),
      'provider:network_type': nul(n['provider:network_type']),
      'provider:physical_network': nul(n['provider:physical_network']),
      'provider:segmentation_id': nul(n['provider:segmentation_id']),
      qos_policy_id: nul(n.qos_policy_id),
      revision_number: nul(n.revision_number),
      'router:external': routerExternal(n['router:external']),
      segments: nul(n.segments),
      shared: nul(n.shared),
      status: nul(n.status),
      subnets: listColumn((n.subnets as string[]) ?? []),
      tags: listColumn((n.tags as string[]) ?? []),
      updated_at: nul(n.updated_at),
    });
  },
};

export const NETWORK_COMMANDS: NativeCommand[] = [networkList, networkShow];
