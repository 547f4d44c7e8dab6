import {
  createSecurityGroup,
  createSecurityGroupRule,
  listSecurityGroups,
  type CreateSecurityGroupRuleRequest,
} from '@fedcloud/openstack';
import { Formatted, formatDict, listColumn } from './format.js';
import { findSecurityGroup } from './lookup.js';
import { arg, flag, str, type NativeCommand } from './registry.js';
import { nul, rec, showOf } from './show.js';

const securityGroupList: NativeCommand = {
  path: ['security', 'group', 'list'],
  positionals: [0, 0],
  options: {},
  async run(ctx) {
    const groups = await listSecurityGroups(ctx.session.client, {}, { signal: ctx.signal });
    return {
      kind: 'list',
      columns: ['ID', 'Name', 'Description', 'Project', 'Tags'],
      rows: groups.map((g) => [
        g.id,
        g.name,
        g.description ?? '',
        g.project_id ?? '',
        listColumn((rec(g).tags as string[] | undefined) ?? []),
      ]),
    };
  },
};

/** openstackclient's security group rules column: one `k='v'` line per rule, empty keys dropped. */
function rulesColumn(rules: Record<string, unknown>[]): Formatted {
  const human = rules
    .map((rule) =>
      formatDict(
        Object.fromEntries(
          Object.entries(rule).filter(
            ([k, v]) =>
              v !== null &&
              v !== '' &&
              ![
                'id',
                'security_group_id',
                'project_id',
                'tenant_id',
                'created_at',
                'updated_at',
                'revision_number',
                'belongs_to_default_sg',
                'normalized_cidr',
              ].includes(k),
          ),
        ),
      ),
    )
    .join('\n');
  return new Formatted(human, rules);
}

const securityGroupCreate: NativeCommand = {
  path: ['security', 'group', 'create'],
  positionals: [1, 1],
  show: true,
  options: {
    description: { type: 'string' },
    stateful: { type: 'boolean' },
    stateless: { type: 'boolean' },
  },
  async run(ctx, values, positionals) {
    const name = arg(positionals, 0);
    const group = rec(
      await createSecurityGroup(
        ctx.session.client,
        {
          name,
          description: str(values, 'description') ?? name,
          ...(flag(values, 'stateless') ? { stateful: false } : {}),
        },
        { signal: ctx.signal },
      ),
    );
    return showOf({
      created_at: nul(group.created_at),
      description: nul(group.description),
      id: group.id,
      name: group.name,
      project_id: nul(group.project_id ?? group.tenant_id),
      revision_number: nul(group.revision_number),
      rules: rulesColumn((group.security_group_rules as Record<string, unknown>[]) ?? []),
      stateful: nul(group.stateful),
      tags: listColumn((group.tags as string[]) ?? []),
      updated_at: nul(group.updated_at),
    });
  },
};

const ruleCreate: NativeCommand = {
  path: ['security', 'group', 'rule', 'create'],
  positionals: [1, 1],
  show: true,
  options: {
    protocol: { type: 'string' },
    'dst-port': { type: 'string' },
    'remote-ip': { type: 'string' },
    'remote-group': { type: 'string' },
    ingress: { type: 'boolean' },
    egress: { type: 'boolean' },
    ethertype: { type: 'string' },
    description: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const { client } = ctx.session;
    const group = await findSecurityGroup(client, arg(positionals, 0), ctx.signal);
    const ethertype = (str(values, 'ethertype') ?? 'IPv4') as 'IPv4' | 'IPv6';
    const rule: CreateSecurityGroupRuleRequest = {
      security_group_id: group.id,
      direction: flag(values, 'egress') ? 'egress' : 'ingress',
      ethertype,
    };
    const protocol = str(values, 'protocol');
    if (protocol && protocol !== 'any') rule.protocol = protocol;
    const ports = str(values, 'dst-port');
    if (ports) {
      const [min = '', max = min] = ports.split(':');
      rule.port_range_min = Number(min);
      rule.port_range_max = Number(max);
    }
    const remoteGroup = str(values, 'remote-group');
    const remoteIp = str(values, 'remote-ip');
    if (remoteGroup) {
      rule.remote_group_id = (await findSecurityGroup(client, remoteGroup, ctx.signal)).id;
    } else {
      rule.remote_ip_prefix = remoteIp ?? (ethertype === 'IPv6' ? '::/0' : '0.0.0.0/0');
    }
    const description = str(values, 'description');
    if (description) rule.description = description;
    const created = rec(await createSecurityGroupRule(client, rule, { signal: ctx.signal }));
    return showOf({
      created_at: nul(created.created_at),
      description: nul(created.description),
      direction: created.direction,
      ether_type: nul(created.ethertype),
      id: created.id,
      name: nul(created.name),
      port_range_max: nul(created.port_range_max),
      port_range_min: nul(created.port_range_min),
      project_id: nul(created.project_id ?? created.tenant_id),
      protocol: nul(created.protocol),
      remote_address_group_id: nul(created.remote_address_group_id),
      remote_group_id: nul(created.remote_group_id),
      remote_ip_prefix: nul(created.remote_ip_prefix),
      revision_number: nul(created.revision_number),
      security_group_id: created.security_group_id,
      tags: listColumn((created.tags as string[]) ?? []),
      updated_at: nul(created.updated_at),
    });
  },
};

export const SECURITY_GROUP_COMMANDS: NativeCommand[] = [
  securityGroupList,
  securityGroupCreate,
  ruleCreate,
];
