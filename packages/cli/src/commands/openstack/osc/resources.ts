import {
  createFloatingIp,
  createKeypair,
  createSecurityGroup,
  createSecurityGroupRule,
  createVolume,
  deleteFloatingIp,
  deleteKeypair,
  deleteVolume,
  getComputeQuotaLimits,
  getComputeQuotas,
  getFlavorExtraSpecs,
  getLimits,
  getNetworkQuotas,
  getVolumeLimits,
  getVolumeQuotas,
  listFlavors,
  listFloatingIps,
  listImages,
  listKeypairs,
  listNetworks,
  listSecurityGroups,
  listVolumes,
  type Client,
  type CreateSecurityGroupRuleRequest,
  type CreateVolumeRequest,
  type Flavor,
  type Image,
  type Volume,
} from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import {
  dictColumn,
  Formatted,
  formatDict,
  listColumn,
  PyFloat,
  pyText,
  type OscOutput,
} from './format.js';
import {
  findFlavor,
  findFloatingIp,
  findImage,
  findNetwork,
  findSecurityGroup,
  findVolume,
} from './lookup.js';
import { arg, flag, str, strs, type NativeCommand } from './registry.js';

const rec = (value: unknown) => value as Record<string, unknown>;
const nul = (value: unknown) => (value === undefined ? null : value);

function showOf(info: Record<string, unknown>): OscOutput {
  const fields = Object.keys(info).sort();
  return { kind: 'show', columns: fields, values: fields.map((f) => info[f]) };
}

// --- flavors -------------------------------------------------------------------------------------

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

export const FLAVOR_LIST_COLUMNS = ['ID', 'Name', 'RAM', 'Disk', 'Ephemeral', 'VCPUs', 'Is Public'];
export const FLAVOR_LONG_COLUMNS = [...FLAVOR_LIST_COLUMNS, 'Swap', 'RXTX Factor', 'Properties'];

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

// --- keypairs ------------------------------------------------------------------------------------

const keypairList: NativeCommand = {
  path: ['keypair', 'list'],
  positionals: [0, 0],
  options: {},
  async run(ctx) {
    const keypairs = await listKeypairs(ctx.session.client, { signal: ctx.signal });
    return {
      kind: 'list',
      columns: ['Name', 'Fingerprint', 'Type'],
      rows: keypairs.map((k) => [k.name, k.fingerprint ?? '', k.type ?? 'ssh']),
    };
  },
};

const keypairCreate: NativeCommand = {
  path: ['keypair', 'create'],
  positionals: [1, 1],
  show: true,
  options: {
    'public-key': { type: 'string' },
    'private-key': { type: 'string' },
    type: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const publicKeyFile = str(values, 'public-key');
    const type = str(values, 'type');
    let publicKey: string | undefined;
    if (publicKeyFile) {
      try {
        publicKey = (await ctx.readFile(publicKeyFile)).trim();
      } catch (error) {
        throw new FedcloudError(
          'USAGE',
          `Key file ${publicKeyFile} not found: ${(error as Error).message}`,
        );
      }
    }
    const keypair = await createKeypair(
      ctx.session.client,
      {
        name: arg(positionals, 0),
        ...(publicKey ? { public_key: publicKey } : {}),
        ...(type === 'ssh' || type === 'x509' ? { type } : {}),
      },
      { signal: ctx.signal },
    );
    const privateKeyFile = str(values, 'private-key');
    if (!publicKey && keypair.private_key) {
      if (!privateKeyFile) return { kind: 'text', text: keypair.private_key };
      await ctx.writeFile(privateKeyFile, keypair.private_key);
    }
    const r = rec(keypair);
    return showOf({
      created_at: nul(r.created_at),
      fingerprint: keypair.fingerprint ?? null,
      id: keypair.name,
      is_deleted: nul(r.deleted),
      name: keypair.name,
      type: keypair.type ?? 'ssh',
      user_id: keypair.user_id ?? ctx.session.auth.userId ?? null,
    });
  },
};

const keypairDelete: NativeCommand = {
  path: ['keypair', 'delete'],
  positionals: [1, Infinity],
  show: true,
  options: {},
  async run(ctx, _values, positionals) {
    for (const name of positionals) {
      await deleteKeypair(ctx.session.client, name, { signal: ctx.signal });
    }
    return { kind: 'none' };
  },
};

// --- limits and quotas ---------------------------------------------------------------------------

const limitsShow: NativeCommand = {
  path: ['limits', 'show'],
  positionals: [0, 0],
  options: { absolute: { type: 'boolean' }, reserved: { type: 'boolean' } },
  async run(ctx, values) {
    if (!flag(values, 'absolute')) {
      throw new FedcloudError('USAGE', 'one of the arguments --absolute --rate is required');
    }
    const { client } = ctx.session;
    const [compute, volume] = await Promise.all([
      getLimits(client, { signal: ctx.signal }),
      getVolumeLimits(client, { signal: ctx.signal }).then(
        (limits) => limits.absolute,
        () => ({}),
      ),
    ]);
    return {
      kind: 'list',
      columns: ['Name', 'Value'],
      rows: [...Object.entries(compute.absolute), ...Object.entries(volume)].map(([k, v]) => [
        k,
        v,
      ]),
    };
  },
};

/** openstackclient's names for the compute, volume and network quota keys. */
const QUOTA_NAMES: Record<string, string> = {
  fixed_ips: 'fixed-ips',
  floating_ips: 'floating-ips',
  injected_file_content_bytes: 'injected-file-size',
  injected_file_path_bytes: 'injected-path-size',
  injected_files: 'injected-files',
  key_pairs: 'key-pairs',
  metadata_items: 'properties',
  server_groups: 'server-groups',
  server_group_members: 'server-group-members',
  security_groups: 'secgroups',
  security_group_rules: 'secgroup-rules',
  backup_gigabytes: 'backup-gigabytes',
  per_volume_gigabytes: 'per-volume-gigabytes',
  floatingip: 'floating-ips',
  network: 'networks',
  port: 'ports',
  rbac_policy: 'rbac_policies',
  router: 'routers',
  security_group: 'secgroups',
  security_group_rule: 'secgroup-rules',
  subnet: 'subnets',
  subnetpool: 'subnet_pools',
};

const quotaShow: NativeCommand = {
  path: ['quota', 'show'],
  positionals: [0, 1],
  show: true,
  options: { default: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    const { client, auth } = ctx.session;
    const project = positionals[0] ?? auth.projectId ?? ctx.session.projectId;
    if (flag(values, 'default')) {
      throw new FedcloudError('USAGE', '--default is not supported natively');
    }
    const call = { signal: ctx.signal };
    // A service the project may not ask about shows no quotas rather than failing the others.
    const orNothing = (quotas: Promise<Record<string, unknown>>) =>
      quotas.catch((): Record<string, unknown> => ({}));
    const [compute, volume, network] = await Promise.all([
      orNothing(getComputeQuotaLimits(client, project, call)).then((q) =>
        Object.keys(q).length
          ? q
          : getComputeQuotas(client, project, call).then((d) =>
              Object.fromEntries(
                Object.entries(d).map(([k, v]) => [
                  k,
                  typeof v === 'object' && v !== null ? (v as { limit: number }).limit : v,
                ]),
              ),
            ),
      ),
      orNothing(getVolumeQuotas(client, project, call)),
      orNothing(getNetworkQuotas(client, project, call)),
    ]);
    const info: Record<string, unknown> = {};
    for (const source of [compute, volume, network]) {
      for (const [k, v] of Object.entries(source)) {
        if (k === 'id') continue;
        info[QUOTA_NAMES[k] ?? k] = v;
      }
    }
    info.location = {
      cloud: '',
      region_name: '',
      zone: null,
      project: { id: project, name: null, domain_id: null, domain_name: null },
    };
    info.project = project;
    info.project_name = project === auth.projectId ? (auth.projectName ?? null) : null;
    return showOf(info);
  },
};

const tokenIssue: NativeCommand = {
  path: ['token', 'issue'],
  positionals: [0, 0],
  show: true,
  options: {},
  run(ctx) {
    const { auth } = ctx.session;
    const expires = auth.expiresAt.toISOString().replace(/\.\d{3}Z$/, '+0000');
    return Promise.resolve(
      showOf({
        expires,
        id: auth.token,
        project_id: auth.projectId ?? ctx.session.projectId,
        user_id: auth.userId ?? null,
      }),
    );
  },
};

// --- images --------------------------------------------------------------------------------------

export const IMAGE_LIST_COLUMNS = ['ID', 'Name', 'Status'];
export const IMAGE_LONG_COLUMNS = [
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

// --- networks ------------------------------------------------------------------------------------

const adminState = (up: unknown) => new Formatted(up === false ? 'DOWN' : 'UP', up ?? true);
const routerExternal = (ext: unknown) =>
  new Formatted(ext === true ? 'External' : 'Internal', ext ?? false);

export const NETWORK_LONG_COLUMNS = [
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

// --- security groups -----------------------------------------------------------------------------

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

// --- floating IPs --------------------------------------------------------------------------------

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

// --- volumes -------------------------------------------------------------------------------------

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

export const RESOURCE_COMMANDS: NativeCommand[] = [
  flavorList,
  flavorShow,
  keypairList,
  keypairCreate,
  keypairDelete,
  limitsShow,
  quotaShow,
  tokenIssue,
  imageList,
  imageShow,
  networkList,
  networkShow,
  securityGroupList,
  securityGroupCreate,
  ruleCreate,
  floatingIpList,
  floatingIpCreate,
  floatingIpDelete,
  volumeList,
  volumeCreate,
  volumeDelete,
];
