import { createHash, generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type ComputeHarness, computeHarness } from './compute-test-helpers.js';

// Network, image and volume are other services; these tests pin compute's own behaviour with
// small fakes of their contracts (contracts.test.ts runs against the real ones).
const fake = vi.hoisted(() => ({
  networks: [
    { id: '11111111-1111-4111-a111-111111111111', name: 'private', shared: false, external: false },
  ],
  ports: new Map<
    string,
    { portId: string; networkId: string; networkName: string; ip: string; mac: string }[]
  >(),
  images: new Set<string>(),
  attachments: new Map<
    string,
    { id: string; volumeId: string; serverId: string; device: string }[]
  >(),
  next: 1,
}));

vi.mock('../network/index.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  visibleNetworks: () => fake.networks,
  ensureDefaultSecurityGroup: () => ({ id: 'sg-default', name: 'default' }),
  findSecurityGroup: (_s: unknown, _p: string, name: string) =>
    name === 'web' ? { id: 'sg-web', name: 'web' } : undefined,
  createServerPort: (_s: unknown, req: { deviceId: string; networkId?: string }) => {
    const n = fake.next++;
    const port = {
      portId: `port-${n}`,
      networkId: req.networkId ?? fake.networks[0]!.id,
      networkName: 'private',
      ip: `10.0.0.${n}`,
      mac: `fa:16:3e:00:00:${n.toString(16).padStart(2, '0')}`,
    };
    fake.ports.set(req.deviceId, [...(fake.ports.get(req.deviceId) ?? []), port]);
    return port;
  },
  listServerAddresses: (_s: unknown, id: string) => {
    const ports = fake.ports.get(id) ?? [];
    return ports.length === 0
      ? {}
      : {
          private: ports.map((p) => ({
            version: 4,
            addr: p.ip,
            'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': p.mac,
          })),
        };
  },
  deleteServerPorts: (_s: unknown, id: string) => void fake.ports.delete(id),
}));

vi.mock('../image/index.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  findImageForProject: (_s: unknown, _p: string, id: string) =>
    fake.images.has(id)
      ? {
          id,
          name: 'img',
          status: id.startsWith('queued') ? 'queued' : 'active',
          minDisk: 0,
          minRam: 0,
          size: 1024,
          properties: {},
        }
      : undefined,
}));

vi.mock('../volume/index.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  attachVolume: (_s: unknown, req: { volumeId: string; serverId: string; device?: string }) => {
    const a = {
      id: `att-${req.volumeId}`,
      volumeId: req.volumeId,
      serverId: req.serverId,
      device: req.device ?? '/dev/vdb',
    };
    fake.attachments.set(req.serverId, [...(fake.attachments.get(req.serverId) ?? []), a]);
    return a;
  },
  detachVolume: (_s: unknown, volumeId: string, serverId: string) =>
    void fake.attachments.set(
      serverId,
      (fake.attachments.get(serverId) ?? []).filter((a) => a.volumeId !== volumeId),
    ),
  listServerAttachments: (_s: unknown, serverId: string) => fake.attachments.get(serverId) ?? [],
  detachAllFromServer: (_s: unknown, serverId: string) => void fake.attachments.delete(serverId),
}));

const IMAGE = '22222222-2222-4222-a222-222222222222';
let h: ComputeHarness;

beforeEach(() => {
  h = computeHarness({ buildDelayMs: 0 });
  fake.images.clear();
  fake.images.add(IMAGE);
  fake.images.add('queued-image');
  fake.networks = [
    { id: '11111111-1111-4111-a111-111111111111', name: 'private', shared: false, external: false },
  ];
});

const flavorId = (name: string) => h.site.spec.flavors.find((f) => f.name === name)!.id;

async function create(
  server: Record<string, unknown> = {},
  options: { token?: string; version?: string } = {},
) {
  return h.nova('POST', '/servers', {
    ...options,
    body: { server: { name: 'vm', imageRef: IMAGE, flavorRef: flavorId('m1.small'), ...server } },
  });
}

async function createId(
  server: Record<string, unknown> = {},
  options: { token?: string } = {},
): Promise<string> {
  const res = await create(server, options);
  expect(res.status).toBe(202);
  return ((await res.json()) as { server: { id: string } }).server.id;
}

async function show(id: string, version?: string) {
  const res = await h.nova('GET', `/servers/${id}`, version ? { version } : {});
  return { status: res.status, body: (await res.json()) as { server: Record<string, unknown> } };
}

describe('versions and microversions', () => {
  it('serves the version documents without a token', async () => {
    const root = await h.call('GET', '/compute/');
    expect(root.status).toBe(200);
    const doc = (await root.json()) as { versions: { id: string; version: string }[] };
    expect(doc.versions.map((v) => v.id)).toEqual(['v2.0', 'v2.1']);
    const v21 = (await (await h.call('GET', '/compute/v2.1/')).json()) as {
      version: Record<string, unknown>;
    };
    expect(v21.version).toMatchObject({
      id: 'v2.1',
      status: 'CURRENT',
      version: '2.90',
      min_version: '2.1',
    });
    expect(v21.version['media-types']).toBeDefined();
  });

  it('echoes the negotiated version and ids on every response', async () => {
    const res = await h.nova('GET', '/flavors', { version: '2.60' });
    expect(res.status).toBe(200);
    expect(res.headers.get('openstack-api-version')).toBe('compute 2.60');
    expect(res.headers.get('x-openstack-nova-api-version')).toBe('2.60');
    expect(res.headers.get('vary')).toContain('OpenStack-API-Version');
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(res.headers.get('x-compute-request-id')).toBe(res.headers.get('x-openstack-request-id'));
    const latest = await h.nova('GET', '/flavors', {
      headers: { 'X-OpenStack-Nova-API-Version': 'latest' },
    });
    expect(latest.headers.get('openstack-api-version')).toBe('compute 2.90');
    const none = await h.nova('GET', '/flavors');
    expect(none.headers.get('openstack-api-version')).toBe('compute 2.1');
  });

  it('refuses versions out of range with 406 and bad strings with 400', async () => {
    const res = await h.nova('GET', '/flavors', { version: '2.91' });
    expect(res.status).toBe(406);
    expect(await res.json()).toEqual({
      computeFault: {
        code: 406,
        message: 'Version 2.91 is not supported by the API. Minimum is 2.1 and maximum is 2.90.',
      },
    });
    const bad = await h.nova('GET', '/flavors', { version: '2.x' });
    expect(bad.status).toBe(400);
  });

  it('requires a token, accepts the legacy project URL and rejects a foreign one', async () => {
    expect((await h.call('GET', '/compute/v2.1/servers')).status).toBe(401);
    const projectId = h.site.spec.vos[0]!.projectId;
    const legacy = await h.call('GET', `/compute/v2.1/${projectId}/flavors?limit=1`, {
      token: h.member,
    });
    expect(legacy.status).toBe(200);
    const body = (await legacy.json()) as { flavors: { links: { href: string }[] }[] };
    expect(body.flavors[0]!.links[0]!.href).toContain(`/v2.1/${projectId}/flavors/`);
    const other = await h.call('GET', `/compute/v2.1/${'f'.repeat(32)}/flavors`, {
      token: h.member,
    });
    expect(other.status).toBe(400);
  });

  it('answers 404 for unknown resources and 405 for a wrong method', async () => {
    const missing = await h.nova('GET', '/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });
    expect((await h.nova('PATCH', '/servers')).status).toBe(405);
  });

  it('answers malformed JSON with Nova’s exact body', async () => {
    const res = await h.nova('POST', '/servers', { body: '{"server": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      badRequest: { code: 400, message: 'Malformed request body' },
    });
  });
});

describe('flavors', () => {
  it('lists, pages and shows flavors per microversion', async () => {
    const res = await h.nova('GET', '/flavors/detail?limit=2');
    const page = (await res.json()) as {
      flavors: Record<string, unknown>[];
      flavors_links: { rel: string; href: string }[];
    };
    expect(page.flavors).toHaveLength(2);
    expect(page.flavors[0]).toMatchObject({
      swap: '',
      'os-flavor-access:is_public': true,
      'OS-FLV-EXT-DATA:ephemeral': 0,
    });
    expect(page.flavors[0]).not.toHaveProperty('description');
    expect(page.flavors_links[0]!.rel).toBe('next');
    const next = new URL(page.flavors_links[0]!.href);
    expect(next.searchParams.get('marker')).toBe(page.flavors[1]!.id);
    const second = (await (await h.nova('GET', `/flavors/detail${next.search}`)).json()) as {
      flavors: { id: string }[];
    };
    expect(second.flavors[0]!.id).not.toBe(page.flavors[0]!.id);

    const gpu = flavorId('g1.large-v100');
    const v261 = (await (await h.nova('GET', `/flavors/${gpu}`, { version: '2.75' })).json()) as {
      flavor: Record<string, unknown>;
    };
    expect(v261.flavor).toMatchObject({
      swap: 0,
      description: null,
      extra_specs: { 'Accelerator:Model': 'Tesla V100' },
    });
    const filtered = (await (await h.nova('GET', '/flavors?minRam=16384')).json()) as {
      flavors: { name: string }[];
    };
    expect(filtered.flavors.map((f) => f.name).sort()).toEqual(['g1.large-v100', 'm1.xlarge']);
    expect((await h.nova('GET', '/flavors/nope')).status).toBe(404);
  });

  it('lets only admins manage flavors, extra specs and access', async () => {
    const body = {
      flavor: {
        name: 'x1.private',
        ram: 1024,
        vcpus: 1,
        disk: 5,
        'os-flavor-access:is_public': false,
      },
    };
    const denied = await h.nova('POST', '/flavors', { body });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({
      forbidden: {
        code: 403,
        message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.",
      },
    });
    const created = await h.nova('POST', '/flavors', { body, token: h.admin });
    expect(created.status).toBe(200);
    const id = ((await created.json()) as { flavor: { id: string } }).flavor.id;
    expect((await h.nova('POST', '/flavors', { body, token: h.admin })).status).toBe(409);
    expect((await h.nova('GET', `/flavors/${id}`)).status).toBe(404);

    const project = h.site.spec.vos[0]!.projectId;
    const access = await h.nova('POST', `/flavors/${id}/action`, {
      token: h.admin,
      body: { addTenantAccess: { tenant: project } },
    });
    expect(await access.json()).toEqual({ flavor_access: [{ flavor_id: id, tenant_id: project }] });
    expect((await h.nova('GET', `/flavors/${id}`)).status).toBe(200);

    await h.nova('POST', `/flavors/${id}/os-extra_specs`, {
      token: h.admin,
      body: { extra_specs: { 'hw:cpu_policy': 'dedicated' } },
    });
    const spec = await h.nova('GET', `/flavors/${id}/os-extra_specs/hw:cpu_policy`);
    expect(await spec.json()).toEqual({ 'hw:cpu_policy': 'dedicated' });
    expect((await h.nova('DELETE', `/flavors/${id}/os-extra_specs/hw:cpu_policy`)).status).toBe(
      403,
    );
    expect(
      (await h.nova('DELETE', `/flavors/${id}/os-extra_specs/hw:cpu_policy`, { token: h.admin }))
        .status,
    ).toBe(202);
    expect((await h.nova('DELETE', `/flavors/${id}`, { token: h.admin })).status).toBe(202);
  });
});

describe('keypairs', () => {
  it('generates a key, refuses duplicates and deletes per microversion', async () => {
    const res = await h.nova('POST', '/os-keypairs', {
      version: '2.2',
      body: { keypair: { name: 'mine' } },
    });
    expect(res.status).toBe(201);
    const { keypair } = (await res.json()) as { keypair: Record<string, string> };
    expect(keypair.public_key).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E\S+ Generated-by-Nova$/);
    expect(keypair.private_key).toContain('BEGIN RSA PRIVATE KEY');
    expect(keypair.type).toBe('ssh');
    const blob = Buffer.from(keypair.public_key!.split(' ')[1]!, 'base64');
    expect(keypair.fingerprint).toBe(
      createHash('md5').update(blob).digest('hex').match(/../g)!.join(':'),
    );

    const again = await h.nova('POST', '/os-keypairs', { body: { keypair: { name: 'mine' } } });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      conflictingRequest: { code: 409, message: "Key pair 'mine' already exists." },
    });

    const shown = (await (await h.nova('GET', '/os-keypairs/mine')).json()) as {
      keypair: Record<string, unknown>;
    };
    expect(shown.keypair).toMatchObject({
      name: 'mine',
      deleted: false,
      user_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    });
    expect(shown.keypair).not.toHaveProperty('private_key');
    expect((await h.nova('DELETE', '/os-keypairs/mine', { version: '2.2' })).status).toBe(204);
    expect((await h.nova('GET', '/os-keypairs/mine')).status).toBe(404);
  });

  it('imports OpenSSH keys with Nova’s MD5 fingerprint and rejects garbage', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
    const openssh = `ssh-ed25519 ${blob.toString('base64')} me@laptop`;
    const res = await h.nova('POST', '/os-keypairs', {
      body: { keypair: { name: 'laptop', public_key: openssh } },
    });
    expect(res.status).toBe(200);
    const { keypair } = (await res.json()) as { keypair: Record<string, string> };
    expect(keypair.fingerprint).toBe(
      createHash('md5').update(blob).digest('hex').match(/../g)!.join(':'),
    );
    expect(keypair).not.toHaveProperty('private_key');
    const list = (await (await h.nova('GET', '/os-keypairs')).json()) as {
      keypairs: { keypair: { name: string } }[];
    };
    expect(list.keypairs.map((k) => k.keypair.name)).toEqual(['laptop']);
    const bad = await h.nova('POST', '/os-keypairs', {
      body: { keypair: { name: 'bad', public_key: 'ssh-rsa notakey' } },
    });
    expect(bad.status).toBe(400);
  });
});

describe('quotas and limits', () => {
  it('shows own quotas, hides others and lets admins change them', async () => {
    const project = h.site.spec.vos[0]!.projectId;
    const own = (await (await h.nova('GET', `/os-quota-sets/${project}`)).json()) as {
      quota_set: Record<string, unknown>;
    };
    expect(own.quota_set).toMatchObject({
      id: project,
      instances: 10,
      cores: 20,
      ram: 51200,
      key_pairs: 100,
      floating_ips: 10,
    });
    const newer = (await (
      await h.nova('GET', `/os-quota-sets/${project}`, { version: '2.57' })
    ).json()) as { quota_set: Record<string, unknown> };
    expect(newer.quota_set).not.toHaveProperty('floating_ips');
    expect(newer.quota_set).not.toHaveProperty('injected_files');
    expect((await h.nova('GET', `/os-quota-sets/${h.site.spec.adminProjectId}`)).status).toBe(403);
    expect(
      (await h.nova('PUT', `/os-quota-sets/${project}`, { body: { quota_set: { cores: 4 } } }))
        .status,
    ).toBe(403);
    const put = await h.nova('PUT', `/os-quota-sets/${project}`, {
      token: h.admin,
      body: { quota_set: { cores: 40 } },
    });
    expect(put.status).toBe(200);
    const limits = (await (await h.nova('GET', '/limits')).json()) as {
      limits: { rate: unknown[]; absolute: Record<string, number> };
    };
    expect(limits.limits.rate).toEqual([]);
    expect(limits.limits.absolute).toMatchObject({
      maxTotalCores: 40,
      maxTotalInstances: 10,
      totalInstancesUsed: 0,
      maxTotalKeypairs: 100,
      maxSecurityGroups: 10,
    });
  });

  it('refuses a server over the cores quota with Nova’s exact 403 body', async () => {
    const project = h.site.spec.vos[0]!.projectId;
    await h.nova('PUT', `/os-quota-sets/${project}`, {
      token: h.admin,
      body: { quota_set: { ram: -1 } },
    });
    await createId({ flavorRef: flavorId('m1.xlarge') });
    await createId({ flavorRef: flavorId('m1.xlarge') });
    await createId({ flavorRef: flavorId('m1.large') });
    const res = await create({ flavorRef: flavorId('m1.xlarge') });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      forbidden: {
        code: 403,
        message: 'Quota exceeded for cores: Requested 8, but already used 20 of 20 cores',
      },
    });
    const detail = (await (
      await h.nova('GET', `/os-quota-sets/${h.site.spec.vos[0]!.projectId}/detail`)
    ).json()) as {
      quota_set: Record<string, { in_use: number }>;
    };
    expect(detail.quota_set.cores!.in_use).toBe(20);
    expect(detail.quota_set.instances!.in_use).toBe(3);
  });
});

describe('servers', () => {
  it('creates a server and answers like Nova', async () => {
    const res = await create({ security_groups: [{ name: 'web' }], metadata: { role: 'test' } });
    expect(res.status).toBe(202);
    const { server } = (await res.json()) as { server: Record<string, unknown> };
    expect(server).toMatchObject({
      'OS-DCF:diskConfig': 'MANUAL',
      security_groups: [{ name: 'web' }],
    });
    expect(server.adminPass).toMatch(/^\w{12}$/);
    expect(res.headers.get('location')).toBe(
      `https://127.0.0.1:7501/compute/v2.1/servers/${String(server.id)}`,
    );
    const { body } = await show(server.id as string);
    expect(body.server).toMatchObject({
      id: server.id,
      name: 'vm',
      status: 'ACTIVE',
      tenant_id: h.site.spec.vos[0]!.projectId,
      metadata: { role: 'test' },
      image: { id: IMAGE },
      flavor: { id: flavorId('m1.small') },
      'OS-EXT-STS:vm_state': 'active',
      'OS-EXT-STS:power_state': 1,
      'OS-EXT-STS:task_state': null,
      'OS-EXT-AZ:availability_zone': 'nova',
      addresses: { private: [{ version: 4, 'OS-EXT-IPS:type': 'fixed' }] },
      security_groups: [{ name: 'web' }],
      'os-extended-volumes:volumes_attached': [],
    });
    expect(body.server).not.toHaveProperty('OS-EXT-SRV-ATTR:host');
    expect(body.server['OS-SRV-USG:launched_at']).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/,
    );
  });

  it('a server created from 2.19 without a description has none', async () => {
    const res = await create({ networks: 'none' }, { version: '2.37' });
    const id = ((await res.json()) as { server: { id: string } }).server.id;
    expect((await show(id, '2.19')).body.server.description).toBeNull();
  });

  it('embeds the flavor from 2.47 on', async () => {
    const id = await createId();
    expect((await show(id, '2.46')).body.server.flavor).toMatchObject({
      id: flavorId('m1.small'),
      links: [{ rel: 'bookmark' }],
    });
    expect((await show(id, '2.47')).body.server.flavor).toEqual({
      vcpus: 1,
      ram: 2048,
      disk: 10,
      ephemeral: 0,
      swap: 0,
      original_name: 'm1.small',
      extra_specs: {},
    });
    const latest = (await show(id, '2.90')).body.server;
    expect(latest).toMatchObject({
      locked: false,
      locked_reason: null,
      // Created at 2.1, before descriptions (2.19): Nova keeps the name as the description.
      description: 'vm',
      tags: [],
      server_groups: [],
    });
  });

  it('stays in BUILD for buildDelayMs, then becomes ACTIVE and keeps it', async () => {
    h = computeHarness({ buildDelayMs: 10_000 });
    const id = await createId();
    let s = (await show(id)).body.server;
    expect(s).toMatchObject({
      status: 'BUILD',
      'OS-EXT-STS:task_state': 'scheduling',
      'OS-EXT-STS:power_state': 0,
      'OS-EXT-STS:vm_state': 'building',
      progress: 0,
    });
    h.advance(6_000);
    expect((await show(id)).body.server['OS-EXT-STS:task_state']).toBe('spawning');
    h.advance(5_000);
    s = (await show(id)).body.server;
    expect(s).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-STS:power_state': 1,
      'OS-EXT-STS:task_state': null,
    });
    // `updated` is the transition time, not the time of this read.
    expect(Date.parse(s.updated as string)).toBeLessThan(h.site.now().getTime() - 500);
    expect(s['OS-SRV-USG:launched_at']).not.toBeNull();
  });

  it('sends builds to ERROR when the site fails builds', async () => {
    h.site.faults.failBuilds = true;
    const id = await createId();
    const s = (await show(id)).body.server;
    expect(s.status).toBe('ERROR');
    expect(s.fault).toMatchObject({ code: 500, message: 'No valid host was found. ' });
    expect(s.fault).not.toHaveProperty('details');
  });

  it('stops, starts and refuses actions in the wrong state', async () => {
    const id = await createId();
    expect(
      (await h.nova('POST', `/servers/${id}/action`, { body: { 'os-stop': null } })).status,
    ).toBe(202);
    expect((await show(id)).body.server).toMatchObject({
      status: 'SHUTOFF',
      'OS-EXT-STS:power_state': 4,
    });
    const again = await h.nova('POST', `/servers/${id}/action`, { body: { 'os-stop': null } });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      conflictingRequest: {
        code: 409,
        message: `Cannot 'stop' instance ${id} while it is in vm_state stopped`,
      },
    });
    expect(
      (await h.nova('POST', `/servers/${id}/action`, { body: { reboot: { type: 'SOFT' } } }))
        .status,
    ).toBe(409);
    expect(
      (await h.nova('POST', `/servers/${id}/action`, { body: { 'os-start': null } })).status,
    ).toBe(202);
    expect((await show(id)).body.server.status).toBe('ACTIVE');
    expect(
      (await h.nova('POST', `/servers/${id}/action`, { body: { reboot: { type: 'HARD' } } }))
        .status,
    ).toBe(202);
    expect((await h.nova('POST', `/servers/${id}/action`, { body: { explode: {} } })).status).toBe(
      400,
    );
  });

  it('hands out noVNC consoles through the action (≤2.5) and remote-consoles (≥2.6)', async () => {
    const id = await createId();
    const legacy = await h.nova('POST', `/servers/${id}/action`, {
      body: { 'os-getVNCConsole': { type: 'novnc' } },
    });
    expect(((await legacy.json()) as { console: { type: string } }).console.type).toBe('novnc');
    const res = await h.nova('POST', `/servers/${id}/remote-consoles`, {
      version: '2.6',
      body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
    });
    expect(res.status).toBe(200);
    const { remote_console } = (await res.json()) as { remote_console: Record<string, string> };
    expect(remote_console).toMatchObject({ protocol: 'vnc', type: 'novnc' });
    expect(remote_console.url).toMatch(
      /^https:\/\/127\.0\.0\.1:7501\/compute\/vnc_lite\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/,
    );
    // The URL opens a page: the server's console log, while its token is valid.
    const url = new URL(remote_console.url!);
    const page = await h.app.request(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Server ${id} at ${h.site.spec.name}`);
    expect(html).toContain('login:');
    h.advance(600_001);
    expect((await h.app.request(`${url.pathname}${url.search}`)).status).toBe(404);
    expect((await h.app.request('/compute/vnc_lite.html?path=%3Ftoken%3Dnope')).status).toBe(404);
    expect(
      (
        await h.nova('POST', `/servers/${id}/remote-consoles`, {
          body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
        })
      ).status,
    ).toBe(404);
  });

  it('deletes into DELETED: gone from lists, visible with changes-since and in usage', async () => {
    const since = new Date(h.site.now().getTime() - 1000).toISOString();
    const id = await createId();
    await createId({ name: 'keeper' });
    h.advance(1_800_000);
    expect((await h.nova('DELETE', `/servers/${id}`)).status).toBe(204);
    expect(fake.ports.has(id)).toBe(false);
    expect((await show(id)).status).toBe(404);
    const list = (await (await h.nova('GET', '/servers')).json()) as {
      servers: { name: string }[];
    };
    expect(list.servers.map((s) => s.name)).toEqual(['keeper']);
    const changes = (await (
      await h.nova('GET', `/servers/detail?changes-since=${encodeURIComponent(since)}`)
    ).json()) as {
      servers: Record<string, unknown>[];
    };
    const deleted = changes.servers.find((s) => s.id === id)!;
    expect(deleted).toMatchObject({ status: 'DELETED', 'OS-EXT-STS:vm_state': 'deleted' });
    expect(deleted['OS-SRV-USG:terminated_at']).not.toBeNull();

    const project = h.site.spec.vos[0]!.projectId;
    const start = new Date(h.site.now().getTime() - 3_600_000).toISOString().slice(0, 19);
    const end = new Date(h.site.now().getTime() + 1000).toISOString().slice(0, 19);
    const usage = (await (
      await h.nova('GET', `/os-simple-tenant-usage/${project}?start=${start}&end=${end}`)
    ).json()) as {
      tenant_usage: { total_hours: number; server_usages: Record<string, unknown>[] };
    };
    const entry = usage.tenant_usage.server_usages.find((u) => u.instance_id === id)!;
    expect(entry).toMatchObject({
      state: 'terminated',
      vcpus: 1,
      memory_mb: 2048,
      local_gb: 10,
      flavor: 'm1.small',
    });
    expect(entry.hours as number).toBeCloseTo(0.5, 2);
    expect(usage.tenant_usage.total_hours).toBeGreaterThan(0.99);
    expect((await h.nova('GET', '/os-simple-tenant-usage')).status).toBe(403);
    const all = await h.nova('GET', `/os-simple-tenant-usage?start=${start}&end=${end}`, {
      token: h.admin,
    });
    expect(((await all.json()) as { tenant_usages: unknown[] }).tenant_usages).toHaveLength(1);
  });

  it('pages server lists with servers_links', async () => {
    for (const name of ['a', 'b', 'c']) {
      await createId({ name });
      h.advance(1000);
    }
    const page = (await (await h.nova('GET', '/servers?limit=2')).json()) as {
      servers: { name: string; id: string }[];
      servers_links: { rel: string; href: string }[];
    };
    expect(page.servers.map((s) => s.name)).toEqual(['c', 'b']);
    const next = new URL(page.servers_links[0]!.href);
    expect(next.pathname).toBe('/compute/v2.1/servers');
    expect(next.searchParams.get('limit')).toBe('2');
    const rest = (await (await h.nova('GET', `/servers${next.search}`)).json()) as {
      servers: { name: string }[];
      servers_links?: unknown;
    };
    expect(rest.servers.map((s) => s.name)).toEqual(['a']);
    expect(rest.servers_links).toBeUndefined();
    const filtered = (await (await h.nova('GET', '/servers?name=^b$')).json()) as {
      servers: { name: string }[];
    };
    expect(filtered.servers.map((s) => s.name)).toEqual(['b']);
    expect((await h.nova('GET', '/servers?marker=nope')).status).toBe(400);
  });

  it('hides other projects’ servers and keeps all_tenants for admins', async () => {
    const id = await createId();
    const other = h.memberToken(h.site.spec.vos[1]!.vo);
    const res = await h.nova('GET', `/servers/${id}`, { token: other });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      itemNotFound: { code: 404, message: `Instance ${id} could not be found.` },
    });
    expect((await h.nova('DELETE', `/servers/${id}`, { token: other })).status).toBe(404);
    expect((await h.nova('GET', '/servers?all_tenants=1', { token: other })).status).toBe(403);
    const admin = (await (
      await h.nova('GET', '/servers/detail?all_tenants=1', { token: h.admin })
    ).json()) as {
      servers: Record<string, unknown>[];
    };
    expect(admin.servers.map((s) => s.id)).toEqual([id]);
    expect(admin.servers[0]).toHaveProperty('OS-EXT-SRV-ATTR:host');
  });

  it('validates create requests like Nova', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ imageRef: 'missing' }, 400, 'Image missing could not be found.'],
      [{ imageRef: 'queued-image' }, 400, 'Image queued-image is not active.'],
      [{ flavorRef: 'missing' }, 400, 'Flavor missing could not be found.'],
      [{ key_name: 'nokey' }, 400, 'Invalid key_name provided.'],
      [{ user_data: '***' }, 400, 'User data needs to be valid base 64.'],
      [
        { security_groups: [{ name: 'nope' }] },
        400,
        `Security group nope not found for project ${h.site.spec.vos[0]!.projectId}.`,
      ],
    ];
    for (const [server, status, message] of cases) {
      const res = await create(server);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { badRequest: { message: string } }).badRequest.message).toBe(
        message,
      );
    }
    const missingName = await h.nova('POST', '/servers', {
      body: { server: { imageRef: IMAGE, flavorRef: flavorId('m1.small') } },
    });
    expect(
      ((await missingName.json()) as { badRequest: { message: string } }).badRequest.message,
    ).toMatch(
      /^Invalid input for field\/attribute server\. Value: .*'name' is a required property$/,
    );
    expect((await create({}, { version: '2.37' })).status).toBe(400);
    expect((await create({ networks: 'none' }, { version: '2.37' })).status).toBe(202);

    fake.networks = [
      ...fake.networks,
      { id: '33333333-3333-4333-a333-333333333333', name: 'other', shared: true, external: false },
    ];
    const ambiguous = await create();
    expect(ambiguous.status).toBe(409);
    expect(await ambiguous.json()).toEqual({
      conflictingRequest: {
        code: 409,
        message: 'Multiple possible networks found, use a Network ID to be more specific.',
      },
    });
    expect(
      (await create({ networks: [{ uuid: '33333333-3333-4333-a333-333333333333' }] })).status,
    ).toBe(202);
  });

  it('updates names, metadata and volume attachments', async () => {
    const id = await createId();
    const put = await h.nova('PUT', `/servers/${id}`, {
      version: '2.19',
      body: { server: { name: 'renamed', description: 'hi' } },
    });
    expect(((await put.json()) as { server: Record<string, unknown> }).server).toMatchObject({
      name: 'renamed',
      description: 'hi',
    });
    await h.nova('PUT', `/servers/${id}/metadata/k`, { body: { meta: { k: 'v' } } });
    expect(await (await h.nova('GET', `/servers/${id}/metadata`)).json()).toEqual({
      metadata: { k: 'v' },
    });
    const attach = await h.nova('POST', `/servers/${id}/os-volume_attachments`, {
      body: { volumeAttachment: { volumeId: 'vol-1' } },
    });
    expect(
      ((await attach.json()) as { volumeAttachment: Record<string, unknown> }).volumeAttachment,
    ).toMatchObject({ volumeId: 'vol-1', serverId: id });
    expect((await show(id, '2.3')).body.server['os-extended-volumes:volumes_attached']).toEqual([
      { id: 'vol-1', delete_on_termination: false },
    ]);
    expect((await h.nova('DELETE', `/servers/${id}/os-volume_attachments/vol-1`)).status).toBe(202);
    const ips = (await (await h.nova('GET', `/servers/${id}/ips`)).json()) as {
      addresses: Record<string, unknown[]>;
    };
    expect(ips.addresses.private![0]).toEqual({
      version: 4,
      addr: expect.stringMatching(/^10\.0\.0\./) as unknown,
    });
    const ifaces = (await (await h.nova('GET', `/servers/${id}/os-interface`)).json()) as {
      interfaceAttachments: unknown[];
    };
    expect(ifaces.interfaceAttachments).toHaveLength(1);
  });

  it('creates several servers with min_count/max_count up to the quota', async () => {
    const res = await create({ min_count: 2, max_count: 12, name: 'many' });
    expect(res.status).toBe(202);
    const list = (await (await h.nova('GET', '/servers')).json()) as {
      servers: { name: string }[];
    };
    expect(list.servers).toHaveLength(10);
    expect(list.servers.map((s) => s.name)).toContain('many-1');
  });
});
