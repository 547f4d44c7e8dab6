import { createFloatingIp, deleteFloatingIp, listFloatingIps } from '@fedcloud/openstack';
import { listColumn } from './format.js';
import { findFloatingIp, findNetwork } from './lookup.js';
import { arg, str, type NativeCommand } from './registry.js';
import { nul, rec, showOf } from './show.js';

const floatingIpList: NativeCommand = {
  path: ['floating', 'ip', 'list'],
  positionals: [0, 0],
  options: {},
  async run(ctx) {
    const ips = await listFloatingIps(ctx.session.client, {}, { signal: ctx.signal });
    return {
      kind: 'list',
      columns: [
        'ID',
        'Floating IP Address',
        'Fixed IP Address',
        'Port',
        'Floating Network',
        'Project',
      ],
      rows: ips.map((ip) => [
        ip.id,
        nul(ip.floating_ip_address),
        nul(ip.fixed_ip_address),
        nul(ip.port_id),
        ip.floating_network_id,
        nul(ip.project_id),
      ]),
    };
  },
};

const floatingIpCreate: NativeCommand = {
  path: ['floating', 'ip', 'create'],
  positionals: [1, 1],
  show: true,
  options: {
    port: { type: 'string' },
    'floating-ip-address': { type: 'string' },
    'fixed-ip-address': { type: 'string' },
    description: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const { client } = ctx.session;
    const network = await findNetwork(client, arg(positionals, 0), ctx.signal);
    const port = str(values, 'port');
    const floating = str(values, 'floating-ip-address');
    const fixed = str(values, 'fixed-ip-address');
    const description = str(values, 'description');
    const ip = rec(
      await createFloatingIp(
        client,
        {
          floating_network_id: network.id,
          ...(port ? { port_id: port } : {}),
          ...(floating ? { floating_ip_address: floating } : {}),
          ...(fixed ? { fixed_ip_address: fixed } : {}),
          ...(description ? { description } : {}),
        },
        { signal: ctx.signal },
      ),
    );
    const keys = [
      'created_at',
      'description',
      'dns_domain',
      'dns_name',
      'fixed_ip_address',
      'floating_ip_address',
      'floating_network_id',
      'id',
      'port_details',
      'port_id',
      'project_id',
      'qos_policy_id',
      'revision_number',
      'router_id',
      'status',
      'subnet_id',
      'updated_at',
    ];
    const info: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, nul(ip[k])]));
    info.project_id = nul(ip.project_id ?? ip.tenant_id);
    info.name = nul(ip.floating_ip_address);
    info.tags = listColumn((ip.tags as string[]) ?? []);
    return showOf(info);
  },
};

const floatingIpDelete: NativeCommand = {
  path: ['floating', 'ip', 'delete'],
  positionals: [1, Infinity],
  show: true,
  options: {},
  async run(ctx, _values, positionals) {
    for (const key of positionals) {
      const ip = await findFloatingIp(ctx.session.client, key, ctx.signal);
      await deleteFloatingIp(ctx.session.client, ip.id, { signal: ctx.signal });
    }
    return { kind: 'none' };
  },
};

export const FLOATING_IP_COMMANDS: NativeCommand[] = [
  floatingIpList,
  floatingIpCreate,
  floatingIpDelete,
];
