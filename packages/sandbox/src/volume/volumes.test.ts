import { beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../site/service-error.js';
import { SANDBOX_VOS } from '../site/specs.js';
import { createTestSite, type TestSite } from '../testing/test-site.js';
import {
  attachVolume,
  detachAllFromServer,
  detachVolume,
  listServerAttachments,
} from './attachment-store.js';

const [VO_A, VO_B] = SANDBOX_VOS;
const SERVER = '9d1c2b3a-0000-4000-a000-000000000001';

interface Volume {
  id: string;
  name: string | null;
  status: string;
  size: number;
  attachments: {
    id: string;
    attachment_id: string;
    server_id: string;
    device: string;
    host_name: null;
  }[];
  bootable: string;
  volume_image_metadata?: Record<string, string>;
  volume_type: string;
  volume_type_id?: string;
  links: { href: string; rel: string }[];
  [key: string]: unknown;
}

let t: TestSite;
let alice: string;
let projectA: string;
let projectB: string;

beforeEach(() => {
  t = createTestSite({
    quotas: { ...createTestSite().site.spec.quotas, volumes: 3, gigabytes: 10 },
  });
  alice = t.memberToken(VO_A);
  projectA = t.site.spec.vos.find((p) => p.vo === VO_A)!.projectId;
  projectB = t.site.spec.vos.find((p) => p.vo === VO_B)!.projectId;
});

const base = () => `/volume/v3/${projectA}`;

async function create(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Volume> {
  const res = await t.call('POST', `${base()}/volumes`, {
    token: alice,
    body: { volume: body },
    headers,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { volume: Volume }).volume;
}

async function show(id: string): Promise<Volume> {
  const res = await t.call('GET', `${base()}/volumes/${id}`, { token: alice });
  expect(res.status).toBe(200);
  return ((await res.json()) as { volume: Volume }).volume;
}

describe('Cinder versions and microversions', () => {
  it('advertises v3.0 with microversions 3.0–3.70', async () => {
    for (const path of ['/volume/', '/volume']) {
      const res = await t.call('GET', path);
      expect(res.status).toBe(300);
      const body = (await res.json()) as { versions: Record<string, unknown>[] };
      expect(body.versions[0]).toMatchObject({
        id: 'v3.0',
        status: 'CURRENT',
        version: '3.70',
        min_version: '3.0',
      });
    }
  });

  it('echoes the requested microversion and refuses unsupported ones', async () => {
    const res = await t.call('GET', `${base()}/volumes`, {
      token: alice,
      headers: { 'OpenStack-API-Version': 'volume 3.63' },
    });
    expect(res.headers.get('openstack-api-version')).toBe('volume 3.63');
    expect(res.headers.get('vary')).toBe('OpenStack-API-Version');
    const plain = await t.call('GET', `${base()}/volumes`, { token: alice });
    expect(plain.headers.get('openstack-api-version')).toBe('volume 3.0');
    const bad = await t.call('GET', `${base()}/volumes`, {
      token: alice,
      headers: { 'OpenStack-API-Version': 'volume 3.99' },
    });
    expect(bad.status).toBe(406);
  });

  it('requires a token and the token project in the URL', async () => {
    expect((await t.call('GET', `${base()}/volumes`)).status).toBe(401);
    const other = await t.call('GET', `/volume/v3/${projectB}/volumes`, { token: alice });
    expect(other.status).toBe(400);
    expect(await other.json()).toEqual({
      badRequest: { code: 400, message: 'Malformed request url' },
    });
  });
});

describe('volumes', () => {
  it('creates (202 creating), then shows available, lists, updates and deletes', async () => {
    const created = await create(
      { size: 2, name: 'data', metadata: { purpose: 'test' } },
      { 'OpenStack-API-Version': 'volume 3.63' },
    );
    expect(created).toMatchObject({
      name: 'data',
      status: 'creating',
      size: 2,
      bootable: 'false',
      attachments: [],
      metadata: { purpose: 'test' },
      volume_type: '__DEFAULT__',
      availability_zone: 'nova',
      'os-vol-tenant-attr:tenant_id': projectA,
    });
    expect(created.volume_type_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.links[0]!.href).toBe(
      `https://127.0.0.1:7501/volume/v3/${projectA}/volumes/${created.id}`,
    );
    expect((await show(created.id)).status).toBe('available');

    const list = (await (await t.call('GET', `${base()}/volumes`, { token: alice })).json()) as {
      volumes: Volume[];
    };
    expect(list.volumes).toEqual([{ id: created.id, name: 'data', links: expect.any(Array) }]);
    const filtered = (await (
      await t.call('GET', `${base()}/volumes/detail?name=nope`, { token: alice })
    ).json()) as { volumes: Volume[] };
    expect(filtered.volumes).toEqual([]);

    const put = await t.call('PUT', `${base()}/volumes/${created.id}`, {
      token: alice,
      body: { volume: { name: 'renamed' } },
    });
    expect(put.status).toBe(200);
    expect((await show(created.id)).name).toBe('renamed');
    await t.call('PUT', `${base()}/volumes/${created.id}`, {
      token: alice,
      body: { volume: { display_name: 'osc-name' } },
    });
    expect((await show(created.id)).name).toBe('osc-name');
    const meta = await t.call('POST', `${base()}/volumes/${created.id}/metadata`, {
      token: alice,
      body: { metadata: { a: 'b' } },
    });
    expect(await meta.json()).toEqual({ metadata: { purpose: 'test', a: 'b' } });
    expect(
      (await t.call('DELETE', `${base()}/volumes/${created.id}/metadata/purpose`, { token: alice }))
        .status,
    ).toBe(200);
    expect((await show(created.id)).metadata).toEqual({ a: 'b' });

    expect(
      (await t.call('DELETE', `${base()}/volumes/${created.id}`, { token: alice })).status,
    ).toBe(202);
    const gone = await t.call('GET', `${base()}/volumes/${created.id}`, { token: alice });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({
      itemNotFound: { code: 404, message: `Volume ${created.id} could not be found.` },
    });
  });

  it('hides other projects’ volumes', async () => {
    const v = await create({ size: 1 });
    const bob = t.memberToken(VO_B);
    const res = await t.call('GET', `/volume/v3/${projectB}/volumes/${v.id}`, { token: bob });
    expect(res.status).toBe(404);
  });

  it('pages with limit and marker', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await create({ size: 1, name: `v${i}` })).id);
    const first = (await (
      await t.call('GET', `${base()}/volumes/detail?limit=2`, { token: alice })
    ).json()) as {
      volumes: Volume[];
      volumes_links?: { href: string; rel: string }[];
    };
    expect(first.volumes.map((v) => v.name)).toEqual(['v2', 'v1']);
    const next = first.volumes_links![0]!;
    expect(next.rel).toBe('next');
    expect(next.href).toContain(`marker=${ids[1]}`);
    const path = new URL(next.href).pathname + new URL(next.href).search;
    const second = (await (await t.call('GET', path, { token: alice })).json()) as {
      volumes: Volume[];
      volumes_links?: unknown;
    };
    expect(second.volumes.map((v) => v.name)).toEqual(['v0']);
    expect(second.volumes_links).toBeUndefined();
  });

  it('creates a bootable volume from a visible image', async () => {
    const image = t.site.spec.images[0]!;
    const v = await create({ size: 1, imageRef: image.id });
    expect(v.bootable).toBe('true');
    expect(v.volume_image_metadata).toMatchObject({
      image_id: image.id,
      os_distro: image.osDistro,
    });
    const bad = await t.call('POST', `${base()}/volumes`, {
      token: alice,
      body: { volume: { size: 1, imageRef: 'nope' } },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses bad bodies and unknown types', async () => {
    const malformed = await t.call('POST', `${base()}/volumes`, {
      token: alice,
      body: '{"volume":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      badRequest: { code: 400, message: 'Malformed request body' },
    });
    expect(
      (await t.call('POST', `${base()}/volumes`, { token: alice, body: { volume: { size: 0 } } }))
        .status,
    ).toBe(400);
    expect(
      (
        await t.call('POST', `${base()}/volumes`, {
          token: alice,
          body: { volume: { size: 1, volume_type: 'ssd' } },
        })
      ).status,
    ).toBe(404);
  });

  it('enforces the volume and gigabyte quotas with overLimit', async () => {
    const big = await t.call('POST', `${base()}/volumes`, {
      token: alice,
      body: { volume: { size: 11 } },
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { overLimit: { message: string } }).overLimit.message).toBe(
      'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 11G, quota is 10G and 0G has been consumed.',
    );
    for (let i = 0; i < 3; i += 1) await create({ size: 1 });
    const res = await t.call('POST', `${base()}/volumes`, {
      token: alice,
      body: { volume: { size: 1 } },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('retry-after')).toBe('0');
    expect(await res.json()).toEqual({
      overLimit: {
        code: 413,
        message:
          "VolumeLimitExceeded: Maximum number of volumes allowed (3) exceeded for quota 'volumes'.",
        retryAfter: '0',
      },
    });

    const quota = (await (
      await t.call('GET', `${base()}/os-quota-sets/${projectA}?usage=true`, { token: alice })
    ).json()) as {
      quota_set: Record<string, { limit: number; in_use: number }>;
    };
    expect(quota.quota_set.volumes).toMatchObject({ limit: 3, in_use: 3 });
    expect(quota.quota_set.gigabytes).toMatchObject({ limit: 10, in_use: 3 });
    const limits = (await (await t.call('GET', `${base()}/limits`, { token: alice })).json()) as {
      limits: { absolute: Record<string, number> };
    };
    expect(limits.limits.absolute).toMatchObject({
      maxTotalVolumes: 3,
      totalVolumesUsed: 3,
      totalGigabytesUsed: 3,
    });
    expect(
      (await t.call('GET', `${base()}/os-quota-sets/${projectB}`, { token: alice })).status,
    ).toBe(403);
  });

  it('lists the default volume type', async () => {
    const res = await t.call('GET', `${base()}/types`, { token: alice });
    const body = (await res.json()) as { volume_types: { name: string }[] };
    expect(body.volume_types.map((v) => v.name)).toEqual(['__DEFAULT__']);
  });
});

describe('attachments', () => {
  it('attaches for Nova, shows in-use, refuses delete, detaches', async () => {
    const v = await create({ size: 1 });
    const attachment = attachVolume(t.site, {
      projectId: projectA,
      volumeId: v.id,
      serverId: SERVER,
    });
    expect(attachment).toEqual({ id: v.id, volumeId: v.id, serverId: SERVER, device: '/dev/vdb' });
    const shown = await show(v.id);
    expect(shown.status).toBe('in-use');
    expect(shown.attachments[0]).toMatchObject({
      id: v.id,
      server_id: SERVER,
      device: '/dev/vdb',
      host_name: null,
    });
    expect(listServerAttachments(t.site, SERVER)).toEqual([attachment]);

    const second = await create({ size: 1 });
    expect(
      attachVolume(t.site, { projectId: projectA, volumeId: second.id, serverId: SERVER }).device,
    ).toBe('/dev/vdc');

    const del = await t.call('DELETE', `${base()}/volumes/${v.id}`, { token: alice });
    expect(del.status).toBe(400);
    expect(((await del.json()) as { badRequest: { message: string } }).badRequest.message).toMatch(
      /^Invalid volume: /,
    );

    expect(() =>
      attachVolume(t.site, { projectId: projectA, volumeId: v.id, serverId: SERVER }),
    ).toThrow(ServiceError);
    detachVolume(t.site, v.id, SERVER);
    expect((await show(v.id)).status).toBe('available');
    detachAllFromServer(t.site, SERVER);
    expect((await show(second.id)).status).toBe('available');
    expect(listServerAttachments(t.site, SERVER)).toEqual([]);
  });

  it('raises 404 for unknown volumes and 400 for other projects', async () => {
    const v = await create({ size: 1 });
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as ServiceError).status;
      }
      return undefined;
    };
    expect(
      error(() =>
        attachVolume(t.site, { projectId: projectA, volumeId: 'nope', serverId: SERVER }),
      ),
    ).toBe(404);
    expect(
      error(() => attachVolume(t.site, { projectId: projectB, volumeId: v.id, serverId: SERVER })),
    ).toBe(400);
    expect(error(() => detachVolume(t.site, v.id, SERVER))).toBe(404);
  });

  it('supports os-reserve, os-attach, os-detach and os-extend actions', async () => {
    const v = await create({ size: 1 });
    const action = (body: unknown) =>
      t.call('POST', `${base()}/volumes/${v.id}/action`, { token: alice, body });
    expect((await action({ 'os-reserve': {} })).status).toBe(202);
    expect((await show(v.id)).status).toBe('attaching');
    expect(
      (await action({ 'os-attach': { instance_uuid: SERVER, mountpoint: '/dev/vdd', mode: 'rw' } }))
        .status,
    ).toBe(202);
    const attached = await show(v.id);
    expect(attached).toMatchObject({
      status: 'in-use',
      attachments: [{ device: '/dev/vdd', server_id: SERVER }],
    });
    expect(
      (await action({ 'os-detach': { attachment_id: attached.attachments[0]!.attachment_id } }))
        .status,
    ).toBe(202);
    expect((await show(v.id)).status).toBe('available');
    expect((await action({ 'os-extend': { new_size: 4 } })).status).toBe(202);
    expect((await show(v.id)).size).toBe(4);
    expect((await action({ 'os-extend': { new_size: 20 } })).status).toBe(413);
    expect((await action({ 'os-frobnicate': {} })).status).toBe(400);
  });
});
