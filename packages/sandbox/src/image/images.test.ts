import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_VOS } from '../site/specs.js';
import { createTestSite, type TestSite } from '../testing/test-site.js';
import { imageFilePath } from './image-data-store.js';
import { findImageForProject } from './image-store.js';
import type { ImageBody } from './image-model.js';

const [VO_A, VO_B] = SANDBOX_VOS;
const PATCH = 'application/openstack-images-v2.1-json-patch';

let t: TestSite;
let alice: string;
let bob: string;

beforeEach(() => {
  t = createTestSite();
  alice = t.memberToken(VO_A);
  bob = t.memberToken(VO_B);
});

function projectOf(vo: string): string {
  return t.site.spec.vos.find((p) => p.vo === vo)!.projectId;
}

async function create(token: string, body: Record<string, unknown>): Promise<ImageBody> {
  const res = await t.call('POST', '/image/v2/images', { token, body });
  expect(res.status).toBe(201);
  return (await res.json()) as ImageBody;
}

async function listIds(token: string, query = ''): Promise<string[]> {
  const res = await t.call('GET', `/image/v2/images${query}`, { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { images: ImageBody[] }).images.map((i) => i.id);
}

describe('Glance versions and auth', () => {
  it('answers the version document with 300 and requires a token under /v2', async () => {
    const res = await t.call('GET', '/image/');
    expect(res.status).toBe(300);
    const body = (await res.json()) as {
      versions: { id: string; status: string; links: { href: string }[] }[];
    };
    expect(body.versions[0]).toMatchObject({ id: 'v2.15', status: 'CURRENT' });
    expect(body.versions[0]!.links[0]!.href).toBe('https://127.0.0.1:7501/image/v2/');
    expect(body.versions.slice(1).every((v) => v.status === 'SUPPORTED')).toBe(true);
    expect((await t.call('GET', '/image/versions')).status).toBe(200);
    expect((await t.call('GET', '/image/v2/images')).status).toBe(401);
  });

  it('serves the image schemas glanceclient fetches', async () => {
    const res = await t.call('GET', '/image/v2/schemas/image', { token: alice });
    expect(res.status).toBe(200);
    const schema = (await res.json()) as { name: string; additionalProperties: unknown };
    expect(schema.name).toBe('image');
    expect(schema.additionalProperties).toEqual({ type: 'string' });
    expect((await t.call('GET', '/image/v2/schemas/images', { token: alice })).status).toBe(200);
  });
});

describe('seeded images', () => {
  it('lists the site images as public, active qcow2 with EGI properties', async () => {
    const res = await t.call('GET', '/image/v2/images', { token: alice });
    const body = (await res.json()) as { images: ImageBody[]; first: string; schema: string };
    expect(body.first).toBe('/v2/images');
    expect(body.schema).toBe('/v2/schemas/images');
    expect(body.images.map((i) => i.name).sort()).toEqual(
      t.site.spec.images.map((i) => i.name).sort(),
    );
    const ubuntu = body.images.find((i) => i.name?.startsWith('Image for EGI Ubuntu'))!;
    expect(ubuntu).toMatchObject({
      status: 'active',
      visibility: 'public',
      disk_format: 'qcow2',
      container_format: 'bare',
      owner: t.site.spec.adminProjectId,
      os_distro: 'ubuntu',
      'eu.egi.cloud.image_ref': 'egi_vm_images/ubuntu:22.04',
      os_hash_algo: 'sha512',
      size: 262144,
    });
  });

  it('downloads seeded data matching the advertised checksums, with ranges', async () => {
    const seed = t.site.spec.images[0]!;
    const image = (await (
      await t.call('GET', `/image/v2/images/${seed.id}`, { token: alice })
    ).json()) as ImageBody;
    const res = await t.call('GET', `/image/v2/images/${seed.id}/file`, { token: alice });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-md5')).toBe(image.checksum);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(image.size);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(image.checksum);
    expect(createHash('sha512').update(bytes).digest('hex')).toBe(image.os_hash_value);

    const part = await t.call('GET', `/image/v2/images/${seed.id}/file`, {
      token: alice,
      headers: { Range: 'bytes=10-19' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
  });

  it('is idempotent', async () => {
    const { seedImages } = await import('./index.js');
    seedImages(t.site);
    expect(await listIds(alice)).toHaveLength(t.site.spec.images.length);
  });
});

describe('image lifecycle', () => {
  it('creates a queued image with the full body', async () => {
    const image = await create(alice, {
      name: 'mine',
      disk_format: 'raw',
      container_format: 'bare',
      min_disk: 2,
      tags: ['a', 'a', 'b'],
      'eu.egi.cloud.vo': VO_A,
    });
    expect(image).toMatchObject({
      name: 'mine',
      status: 'queued',
      visibility: 'shared',
      protected: false,
      os_hidden: false,
      checksum: null,
      os_hash_algo: null,
      os_hash_value: null,
      size: null,
      virtual_size: null,
      min_disk: 2,
      min_ram: 0,
      owner: projectOf(VO_A),
      tags: ['a', 'b'],
      self: `/v2/images/${image.id}`,
      file: `/v2/images/${image.id}/file`,
      schema: '/v2/schemas/image',
      'eu.egi.cloud.vo': VO_A,
    });
    expect(image.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('streams an upload to disk, activates the image and serves the same bytes back', async () => {
    const image = await create(alice, { name: 'up', disk_format: 'raw', container_format: 'bare' });
    const chunks = [Buffer.alloc(100_000, 1), Buffer.alloc(50_001, 2)];
    const expected = Buffer.concat(chunks);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });
    const put = await t.app.request(`/image/v2/images/${image.id}/file`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': alice, 'Content-Type': 'application/octet-stream' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(put.status).toBe(204);

    const shown = (await (
      await t.call('GET', `/image/v2/images/${image.id}`, { token: alice })
    ).json()) as ImageBody;
    expect(shown).toMatchObject({
      status: 'active',
      size: expected.length,
      checksum: createHash('md5').update(expected).digest('hex'),
      os_hash_algo: 'sha512',
      os_hash_value: createHash('sha512').update(expected).digest('hex'),
    });
    expect(existsSync(imageFilePath(t.site, image.id))).toBe(true);

    const get = await t.call('GET', `/image/v2/images/${image.id}/file`, { token: alice });
    expect(get.headers.get('content-type')).toBe('application/octet-stream');
    expect(get.headers.get('content-length')).toBe(String(expected.length));
    expect(Buffer.from(await get.arrayBuffer()).equals(expected)).toBe(true);

    const again = await t.call('PUT', `/image/v2/images/${image.id}/file`, {
      token: alice,
      body: 'x',
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    expect(again.status).toBe(409);

    expect((await t.call('DELETE', `/image/v2/images/${image.id}`, { token: alice })).status).toBe(
      204,
    );
    expect(existsSync(imageFilePath(t.site, image.id))).toBe(false);
    expect((await t.call('GET', `/image/v2/images/${image.id}`, { token: alice })).status).toBe(
      404,
    );
  });

  it('an upload that breaks mid-stream puts the image back to queued, without data, for a retry', async () => {
    const image = await create(alice, {
      name: 'cut',
      disk_format: 'raw',
      container_format: 'bare',
    });
    let sent = 0;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 3) controller.error(new Error('the source died'));
        else controller.enqueue(new Uint8Array(64 * 1024).fill(sent));
      },
    });
    await Promise.resolve(
      t.app.request(`/image/v2/images/${image.id}/file`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': alice, 'Content-Type': 'application/octet-stream' },
        body: broken,
        duplex: 'half',
      } as RequestInit),
    ).then(
      (res) => expect(res.status).toBeGreaterThanOrEqual(400),
      (error: unknown) => expect(String(error)).toMatch(/source died/),
    );
    const shown = (await (
      await t.call('GET', `/image/v2/images/${image.id}`, { token: alice })
    ).json()) as ImageBody;
    // glance/api/v2/image_data.py _restore(): a failed upload leaves the image queued again.
    expect(shown).toMatchObject({ status: 'queued', size: null, os_hash_value: null });
    expect(existsSync(imageFilePath(t.site, image.id))).toBe(false);
    expect(existsSync(`${imageFilePath(t.site, image.id)}.part`)).toBe(false);

    const retry = await t.call('PUT', `/image/v2/images/${image.id}/file`, {
      token: alice,
      body: 'whole',
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    expect(retry.status).toBe(204);
    const done = (await (
      await t.call('GET', `/image/v2/images/${image.id}`, { token: alice })
    ).json()) as ImageBody;
    expect(done).toMatchObject({ status: 'active', size: 5 });
  });

  it('answers 204 for data of a queued image and 415 for a non-octet upload', async () => {
    const image = await create(alice, { name: 'empty' });
    expect(
      (await t.call('GET', `/image/v2/images/${image.id}/file`, { token: alice })).status,
    ).toBe(204);
    const res = await t.call('PUT', `/image/v2/images/${image.id}/file`, {
      token: alice,
      body: {},
    });
    expect(res.status).toBe(415);
  });

  it('refuses public images to non-admins, read-only attributes and bad formats', async () => {
    const pub = await t.call('POST', '/image/v2/images', {
      token: alice,
      body: { name: 'p', visibility: 'public' },
    });
    expect(pub.status).toBe(403);
    const admin = await t.call('POST', '/image/v2/images', {
      token: t.adminToken(),
      body: { name: 'p', visibility: 'public' },
    });
    expect(admin.status).toBe(201);
    const ro = await t.call('POST', '/image/v2/images', {
      token: alice,
      body: { status: 'active' },
    });
    expect(ro.status).toBe(403);
    const bad = await t.call('POST', '/image/v2/images', {
      token: alice,
      body: { disk_format: 'floppy' },
      headers: { Accept: 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain(
      "does not match schema 'image'",
    );
  });

  it('takes additional properties longer than 255 characters, as Glance (APPLIANCE_ATTRIBUTES)', async () => {
    const attributes = JSON.stringify({ 'dc:description': 'x'.repeat(2000) });
    const image = await create(alice, { name: 'long', APPLIANCE_ATTRIBUTES: attributes });
    expect((image as unknown as Record<string, unknown>)['APPLIANCE_ATTRIBUTES']).toBe(attributes);
  });

  it('answers malformed JSON with 400 in webob form', async () => {
    const res = await t.call('POST', '/image/v2/images', {
      token: alice,
      body: '{"name":',
      headers: { Accept: 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: 'Malformed JSON in request body.<br /><br />\n\n\n',
      code: '400 Bad Request',
      title: 'Bad Request',
    });
    const plain = await t.call('GET', '/image/v2/images/nope', {
      token: alice,
      headers: { Accept: 'text/plain' },
    });
    expect(plain.status).toBe(404);
    expect(await plain.text()).toBe('404 Not Found\n\nNo image found with ID nope\n\n   ');
  });

  it('refuses to delete a protected image', async () => {
    const image = await create(alice, { name: 'keep', protected: true });
    const res = await t.call('DELETE', `/image/v2/images/${image.id}`, { token: alice });
    expect(res.status).toBe(403);
  });

  it('deactivates and reactivates', async () => {
    const seed = t.site.spec.images[0]!;
    const admin = t.adminToken();
    expect(
      (await t.call('POST', `/image/v2/images/${seed.id}/actions/deactivate`, { token: admin }))
        .status,
    ).toBe(204);
    expect((await t.call('GET', `/image/v2/images/${seed.id}/file`, { token: alice })).status).toBe(
      403,
    );
    expect(
      (await t.call('POST', `/image/v2/images/${seed.id}/actions/reactivate`, { token: admin }))
        .status,
    ).toBe(204);
    expect(
      (await t.call('POST', `/image/v2/images/${seed.id}/actions/deactivate`, { token: alice }))
        .status,
    ).toBe(403);
  });
});

describe('PATCH and tags', () => {
  it('applies add, replace and remove', async () => {
    const image = await create(alice, { name: 'old', foo: 'bar' });
    const res = await t.call('PATCH', `/image/v2/images/${image.id}`, {
      token: alice,
      headers: { 'Content-Type': PATCH },
      body: [
        { op: 'replace', path: '/name', value: 'new' },
        { op: 'add', path: '/os_distro', value: 'ubuntu' },
        { op: 'remove', path: '/foo' },
        { op: 'replace', path: '/min_ram', value: 512 },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImageBody;
    expect(body).toMatchObject({ name: 'new', os_distro: 'ubuntu', min_ram: 512 });
    expect(body).not.toHaveProperty('foo');
  });

  it('answers 415 for plain JSON, 409 for absent properties, 403 for read-only ones', async () => {
    const image = await create(alice, { name: 'x' });
    const url = `/image/v2/images/${image.id}`;
    const json = await t.call('PATCH', url, {
      token: alice,
      body: [{ op: 'replace', path: '/name', value: 'y' }],
    });
    expect(json.status).toBe(415);
    const absent = await t.call('PATCH', url, {
      token: alice,
      headers: { 'Content-Type': PATCH },
      body: [{ op: 'remove', path: '/nothing' }],
    });
    expect(absent.status).toBe(409);
    const ro = await t.call('PATCH', url, {
      token: alice,
      headers: { 'Content-Type': PATCH },
      body: [{ op: 'replace', path: '/status', value: 'active' }],
    });
    expect(ro.status).toBe(403);
    const other = await t.call('PATCH', url, {
      token: bob,
      headers: { 'Content-Type': PATCH },
      body: [{ op: 'replace', path: '/name', value: 'z' }],
    });
    expect(other.status).toBe(404);
  });

  it('adds and removes tags, and filters by them', async () => {
    const image = await create(alice, { name: 'tagged' });
    expect(
      (await t.call('PUT', `/image/v2/images/${image.id}/tags/gpu`, { token: alice })).status,
    ).toBe(204);
    expect(
      (await t.call('PUT', `/image/v2/images/${image.id}/tags/cuda`, { token: alice })).status,
    ).toBe(204);
    expect(await listIds(alice, '?tag=gpu&tag=cuda')).toEqual([image.id]);
    expect(
      (await t.call('DELETE', `/image/v2/images/${image.id}/tags/gpu`, { token: alice })).status,
    ).toBe(204);
    expect(await listIds(alice, '?tag=gpu')).toEqual([]);
    expect(
      (await t.call('DELETE', `/image/v2/images/${image.id}/tags/gpu`, { token: alice })).status,
    ).toBe(404);
  });
});

describe('visibility and sharing', () => {
  it('keeps private and shared images to their owner until a member accepts', async () => {
    const priv = await create(alice, { name: 'priv', visibility: 'private' });
    const shared = await create(alice, { name: 'shared' });
    const community = await create(alice, { name: 'comm', visibility: 'community' });
    const bobProject = projectOf(VO_B);

    expect(await listIds(alice)).toEqual(
      expect.arrayContaining([priv.id, shared.id, community.id]),
    );
    const bobs = await listIds(bob);
    expect(bobs).not.toContain(priv.id);
    expect(bobs).not.toContain(shared.id);
    expect(bobs).not.toContain(community.id);
    expect(await listIds(bob, '?visibility=community')).toEqual([community.id]);
    expect((await t.call('GET', `/image/v2/images/${community.id}`, { token: bob })).status).toBe(
      200,
    );
    expect((await t.call('GET', `/image/v2/images/${priv.id}`, { token: bob })).status).toBe(404);
    expect(findImageForProject(t.site, bobProject, priv.id)).toBeUndefined();

    // Members only on shared images, and only by the owner.
    const onPrivate = await t.call('POST', `/image/v2/images/${priv.id}/members`, {
      token: alice,
      body: { member: bobProject },
    });
    expect(onPrivate.status).toBe(403);
    const byBob = await t.call('POST', `/image/v2/images/${shared.id}/members`, {
      token: bob,
      body: { member: bobProject },
    });
    expect(byBob.status).toBe(404);

    const added = await t.call('POST', `/image/v2/images/${shared.id}/members`, {
      token: alice,
      body: { member: bobProject },
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({
      image_id: shared.id,
      member_id: bobProject,
      status: 'pending',
      schema: '/v2/schemas/member',
    });
    expect(
      (
        await t.call('POST', `/image/v2/images/${shared.id}/members`, {
          token: alice,
          body: { member: bobProject },
        })
      ).status,
    ).toBe(409);

    // Pending: visible by id and to Nova, not in the default list, listed with member_status.
    expect((await t.call('GET', `/image/v2/images/${shared.id}`, { token: bob })).status).toBe(200);
    expect(findImageForProject(t.site, bobProject, shared.id)?.name).toBe('shared');
    expect(await listIds(bob)).not.toContain(shared.id);
    expect(await listIds(bob, '?member_status=pending')).toContain(shared.id);

    // Only the member changes its status.
    const url = `/image/v2/images/${shared.id}/members/${bobProject}`;
    expect((await t.call('PUT', url, { token: alice, body: { status: 'accepted' } })).status).toBe(
      403,
    );
    const accepted = await t.call('PUT', url, { token: bob, body: { status: 'accepted' } });
    expect(accepted.status).toBe(200);
    expect(await listIds(bob)).toContain(shared.id);
    expect(await listIds(bob, '?visibility=shared')).toEqual([shared.id]);

    const members = await t.call('GET', `/image/v2/images/${shared.id}/members`, { token: alice });
    expect(((await members.json()) as { members: unknown[] }).members).toHaveLength(1);

    expect((await t.call('DELETE', url, { token: bob })).status).toBe(403);
    expect((await t.call('DELETE', url, { token: alice })).status).toBe(204);
    expect((await t.call('GET', `/image/v2/images/${shared.id}`, { token: bob })).status).toBe(404);
  });
});

describe('listing', () => {
  it('pages with marker and limit, next links repeating the query', async () => {
    for (let i = 0; i < 5; i += 1) await create(alice, { name: `page-${i}`, disk_format: 'raw' });
    const seen: string[] = [];
    let next: string | undefined = '/v2/images?disk_format=raw&limit=2&sort=name:asc';
    let pages = 0;
    while (next) {
      const res = await t.call('GET', `/image${next}`, { token: alice });
      const body = (await res.json()) as { images: ImageBody[]; next?: string; first: string };
      expect(body.first).toBe('/v2/images?disk_format=raw&limit=2&sort=name%3Aasc');
      seen.push(...body.images.map((i) => i.name ?? ''));
      next = body.next;
      pages += 1;
    }
    expect(seen).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    expect(pages).toBe(3);
  });

  it('filters by name, status and owner and sorts with sort_key/sort_dir', async () => {
    await create(alice, { name: 'b' });
    await create(alice, { name: 'a' });
    const res = await t.call(
      'GET',
      `/image/v2/images?status=queued&sort_key=name&sort_dir=asc&owner=${projectOf(VO_A)}`,
      { token: alice },
    );
    const names = ((await res.json()) as { images: ImageBody[] }).images.map((i) => i.name);
    expect(names).toEqual(['a', 'b']);
    expect(await listIds(alice, '?name=a')).toHaveLength(1);
    expect((await t.call('GET', '/image/v2/images?sort_key=bogus', { token: alice })).status).toBe(
      400,
    );
    expect((await t.call('GET', '/image/v2/images?marker=nope', { token: alice })).status).toBe(
      400,
    );
  });

  it('hides os_hidden images unless asked', async () => {
    const hidden = await create(alice, { name: 'h', os_hidden: true });
    expect(await listIds(alice)).not.toContain(hidden.id);
    expect(await listIds(alice, '?os_hidden=true')).toEqual([hidden.id]);
  });
});
