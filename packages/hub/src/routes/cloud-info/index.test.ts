import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parseSiteYaml } from '@fedcloud/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createHubApp } from '../../app.js';
import type { HubContext } from '../../context.js';
import {
  adminTestHub,
  buildGlueDocument,
  defaultFlavors,
  defaultImages,
  insertSite,
  testClock,
  type TestDatabase,
  type TestDatabaseHandle,
  testDatabases,
} from '../../testing/index.js';

const URL_A = 'https://keystone.cloud-a.example.org:5000/v3';
const URL_B = 'https://cloud-b.example.org/identity/v3/';
const URL_C = 'https://keystone.cloud-c.example.org:5000/v3';
const IMAGES = defaultImages(3);

/**
 * What cloud-info-api (app/glue.py create_site + app/main.py) answers for the fixture documents,
 * written out by hand from its rules: Site {id: OtherInfo.gocdb_id, name, url: first endpoint
 * URL, state: "", hostname: GOCDB hostname of that id}; Project {id: ProjectID, name: VO};
 * Image {egi_id, id, endpoint, mpuri, name, version, vo} with egi_id/version only for
 * registry.egi.eu images; only_egi_images=true by default.
 */
const ubuntuFor = (vo: string, endpoint: string) => ({
  egi_id: 'egi_vm_images/ubuntu:22.04',
  id: IMAGES[0]!.id,
  endpoint,
  mpuri: `registry.egi.eu/egi_vm_images/ubuntu:22.04-sha256:${'1'.padStart(64, 'a')}`,
  name: 'registry.egi.eu egi_vm_images/ubuntu:22.04',
  version: '2025-09-01-4d7122d6',
  vo,
});
const almaFor = (vo: string, endpoint: string) => ({
  egi_id: 'egi_vm_images/almalinux:9',
  id: IMAGES[2]!.id,
  endpoint,
  mpuri: `registry.egi.eu/egi_vm_images/almalinux:9-sha256:${'3'.padStart(64, 'a')}`,
  name: 'registry.egi.eu egi_vm_images/almalinux:9',
  version: '2025-09-03-4d7122d6',
  vo,
});
const localFor = (vo: string, endpoint: string, glance: string) => ({
  egi_id: '',
  id: IMAGES[1]!.id,
  endpoint,
  mpuri: `${glance}/v2/images/${IMAGES[1]!.id}/file`,
  name: 'ubuntu-24.04-local',
  version: '',
  vo,
});

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'cloud-info-api compatible reads (%s)',
  (_name, tdb: TestDatabase) => {
    let handle: TestDatabaseHandle;
    let app: ReturnType<typeof createHubApp>;
    let ctx: HubContext;
    const clock = testClock('2025-06-01T12:00:00Z');
    let pkA = '';
    let pkB = '';

    const publish = async (site: string, document: unknown) => {
      const res = await app.request(`/api/v1/sites/${site}/info`, {
        method: 'PUT',
        headers: { authorization: 'Bearer admin', 'content-type': 'application/json' },
        body: JSON.stringify(document),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    };
    const get = async (path: string) => {
      const res = await app.request(path);
      return { status: res.status, body: await res.json(), headers: res.headers };
    };

    beforeAll(async () => {
      handle = await tdb.open();
      ({ ctx, app } = await adminTestHub(handle, clock.now));
      await handle.db
        .insertInto('vos')
        .values({ name: 'ops', description: '', homepage: '', created_at: '', updated_at: '' })
        .execute();
      const a = await insertSite(handle.db, 'CLOUD-A', { novaUrl: URL_A });
      const b = await insertSite(handle.db, 'CLOUD-B', { novaUrl: URL_B.replace(/\/$/, '') });
      await insertSite(handle.db, 'CLOUD-C', { novaUrl: URL_C });
      await insertSite(handle.db, 'CLOUD-QUIET');
      pkA = `${a.novaEndpointId}G0`;
      pkB = `${b.novaEndpointId}G0`;
      // A looked itself up in GOCDB (gocdb_id in OtherInfo); B did not: the hub finds its
      // nova endpoint by URL. C is stale: published yesterday with 1 h validity.
      await publish(
        'CLOUD-A',
        buildGlueDocument({
          site: 'CLOUD-A',
          endpointUrl: URL_A,
          gocdbId: pkA,
          creationTime: '2025-06-01T11:30:00.123456+00:00',
          validity: 7200,
          vos: [
            { name: 'vo.access.egi.eu', projectId: 'a1b2c3d4' },
            { name: 'fedcloud.egi.eu', projectId: 'e5f6a7b8' },
          ],
          images: IMAGES,
          flavors: defaultFlavors(3),
        }),
      );
      await publish(
        'CLOUD-B',
        buildGlueDocument({
          site: 'CLOUD-B',
          endpointUrl: URL_B,
          creationTime: '2025-06-01T11:00:00',
          vos: [{ name: 'fedcloud.egi.eu', projectId: '0123456789' }],
          images: IMAGES,
          flavors: defaultFlavors(2),
        }),
      );
      // The hub refuses a document already expired, so C is published while it was fresh.
      clock.set('2025-05-31T10:00:00Z');
      await publish(
        'CLOUD-C',
        buildGlueDocument({
          site: 'CLOUD-C',
          endpointUrl: URL_C,
          creationTime: '2025-05-31T10:00:00+00:00',
          validity: 3600,
          vos: [{ name: 'vo.access.egi.eu', projectId: 'c0' }],
        }),
      );
      clock.set('2025-06-01T12:00:00Z');
    });

    afterAll(async () => {
      await handle?.drop();
    });

    const siteA = () => ({
      id: pkA,
      name: 'CLOUD-A',
      url: URL_A,
      state: '',
      hostname: 'keystone.cloud-a.example.org',
    });
    const siteB = () => ({
      id: pkB,
      name: 'CLOUD-B',
      url: URL_B,
      state: '',
      hostname: 'cloud-b.example.org',
    });

    it('GET /sites/ lists the fresh sites, field for field and in cloud-info-api key order', async () => {
      const { status, body, headers } = await get('/sites/');
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/json');
      expect(body).toEqual([siteA(), siteB()]);
      expect(Object.keys(body[0])).toEqual(['id', 'name', 'url', 'state', 'hostname']);
    });

    it('GET /sites/?include_projects=true adds projects named by VO', async () => {
      const { body } = await get('/sites/?include_projects=true');
      expect(body).toEqual([
        {
          ...siteA(),
          projects: [
            { id: 'a1b2c3d4', name: 'vo.access.egi.eu' },
            { id: 'e5f6a7b8', name: 'fedcloud.egi.eu' },
          ],
        },
        { ...siteB(), projects: [{ id: '0123456789', name: 'fedcloud.egi.eu' }] },
      ]);
      expect((await get('/sites/?include_projects=0')).body).toEqual([siteA(), siteB()]);
    });

    it('GET /sites/ filters by VO and by site name as cloud-info-api does', async () => {
      expect((await get('/sites/?vo_name=vo.access.egi.eu')).body).toEqual([siteA()]);
      expect((await get('/sites/?vo_name=fedcloud.egi.eu')).body).toEqual([siteA(), siteB()]);
      expect((await get('/sites/?site_name=CLOUD-B')).body).toEqual([siteB()]);
      expect((await get('/sites/?site_name=CLOUD-B&vo_name=vo.access.egi.eu')).body).toEqual([]);
      expect((await get('/sites/?site_name=CLOUD-B&vo_name=fedcloud.egi.eu')).body).toEqual([
        siteB(),
      ]);
      expect((await get('/sites/?site_name=CLOUD-C')).body).toEqual([]);
    });

    it('GET /site/{site}/ and its 404 body', async () => {
      expect((await get('/site/CLOUD-A/')).body).toEqual(siteA());
      expect((await get('/site/CLOUD-B/?include_projects=yes')).body).toEqual({
        ...siteB(),
        projects: [{ id: '0123456789', name: 'fedcloud.egi.eu' }],
      });
      for (const name of ['CLOUD-C', 'CLOUD-QUIET', 'NOWHERE']) {
        const res = await get(`/site/${name}/`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ detail: `Site ${name} not found` });
      }
    });

    it('GET /site/{site}/projects and /site/{site}/{vo}/project', async () => {
      expect((await get('/site/CLOUD-A/projects')).body).toEqual([
        { id: 'a1b2c3d4', name: 'vo.access.egi.eu' },
        { id: 'e5f6a7b8', name: 'fedcloud.egi.eu' },
      ]);
      expect((await get('/site/CLOUD-A/fedcloud.egi.eu/project')).body).toEqual({
        id: 'e5f6a7b8',
        name: 'fedcloud.egi.eu',
      });
      const missing = await get('/site/CLOUD-B/vo.access.egi.eu/project');
      expect(missing).toMatchObject({
        status: 404,
        body: { detail: 'VO vo.access.egi.eu not supported by Site CLOUD-B' },
      });
      expect((await get('/site/CLOUD-C/vo.access.egi.eu/project')).body).toEqual({
        detail: 'Site CLOUD-C not found',
      });
    });

    it('GET /site/{site}/images: EGI images of every share unless only_egi_images=false', async () => {
      const { body } = await get('/site/CLOUD-A/images');
      expect(body).toEqual([
        ubuntuFor('vo.access.egi.eu', URL_A),
        almaFor('vo.access.egi.eu', URL_A),
        ubuntuFor('fedcloud.egi.eu', URL_A),
        almaFor('fedcloud.egi.eu', URL_A),
      ]);
      expect(Object.keys(body[0])).toEqual([
        'egi_id',
        'id',
        'endpoint',
        'mpuri',
        'name',
        'version',
        'vo',
      ]);
      const all = (await get('/site/CLOUD-A/images?only_egi_images=false')).body;
      expect(all).toHaveLength(6);
      expect(all[1]).toEqual(
        localFor('vo.access.egi.eu', URL_A, 'https://keystone.cloud-a.example.org:9292'),
      );
    });

    it('GET /site/{site}/{vo}/images', async () => {
      expect((await get('/site/CLOUD-A/fedcloud.egi.eu/images')).body).toEqual([
        ubuntuFor('fedcloud.egi.eu', URL_A),
        almaFor('fedcloud.egi.eu', URL_A),
      ]);
      expect(
        (await get('/site/CLOUD-B/fedcloud.egi.eu/images?only_egi_images=false')).body,
      ).toEqual([
        ubuntuFor('fedcloud.egi.eu', URL_B),
        localFor('fedcloud.egi.eu', URL_B, 'https://cloud-b.example.org'),
        almaFor('fedcloud.egi.eu', URL_B),
      ]);
      expect((await get('/site/CLOUD-B/ops/images')).body).toEqual({
        detail: 'VO ops not supported by Site CLOUD-B',
      });
    });

    it('GET /images/ over every fresh site, optionally of one VO', async () => {
      expect((await get('/images/')).body).toEqual([
        ubuntuFor('vo.access.egi.eu', URL_A),
        almaFor('vo.access.egi.eu', URL_A),
        ubuntuFor('fedcloud.egi.eu', URL_A),
        almaFor('fedcloud.egi.eu', URL_A),
        ubuntuFor('fedcloud.egi.eu', URL_B),
        almaFor('fedcloud.egi.eu', URL_B),
      ]);
      expect((await get('/images/?vo_name=vo.access.egi.eu')).body).toEqual([
        ubuntuFor('vo.access.egi.eu', URL_A),
        almaFor('vo.access.egi.eu', URL_A),
      ]);
      expect(
        (await get('/images/?vo_name=fedcloud.egi.eu&only_egi_images=false')).body,
      ).toHaveLength(6);
    });

    it('GET /vos/ lists the VO table and the VOs of fresh shares, sorted', async () => {
      expect((await get('/vos/')).body).toEqual(['fedcloud.egi.eu', 'ops', 'vo.access.egi.eu']);
    });

    it('GET /fedcloudclient/ and the site YAML that the SDK reads', async () => {
      expect((await get('/fedcloudclient/')).body).toEqual([
        'https://hub.example.org/fedcloudclient/CLOUD-A/',
        'https://hub.example.org/fedcloudclient/CLOUD-B/',
      ]);
      const res = await app.request('/fedcloudclient/CLOUD-B/');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/yaml');
      const text = await res.text();
      expect(text).toBe(
        `endpoint: ${URL_B}\ngocdb: CLOUD-B\nvos:\n- auth:\n    project_id: '0123456789'\n  name: fedcloud.egi.eu\n`,
      );
      expect(parseSiteYaml(text, 'hub')).toMatchObject({
        name: 'CLOUD-B',
        endpoint: URL_B,
        vos: [{ name: 'fedcloud.egi.eu', projectId: '0123456789' }],
      });
      const a = parseSiteYaml(await (await app.request('/fedcloudclient/CLOUD-A/')).text(), 'hub');
      expect(a.vos.map((v) => [v.name, v.projectId])).toEqual([
        ['vo.access.egi.eu', 'a1b2c3d4'],
        ['fedcloud.egi.eu', 'e5f6a7b8'],
      ]);
      expect(await get('/fedcloudclient/CLOUD-C/')).toMatchObject({
        status: 404,
        body: { detail: 'Site CLOUD-C not found' },
      });
    });

    it("redirects the other trailing-slash form with 307, as FastAPI's redirect_slashes", async () => {
      const cases = [
        ['/sites?vo_name=ops', 'http://localhost/sites/?vo_name=ops'],
        ['/vos', 'http://localhost/vos/'],
        ['/images', 'http://localhost/images/'],
        ['/site/CLOUD-A', 'http://localhost/site/CLOUD-A/'],
        ['/site/CLOUD-A/projects/', 'http://localhost/site/CLOUD-A/projects'],
        ['/site/CLOUD-A/images/', 'http://localhost/site/CLOUD-A/images'],
        ['/site/CLOUD-A/ops/project/', 'http://localhost/site/CLOUD-A/ops/project'],
        ['/site/CLOUD-A/ops/images/', 'http://localhost/site/CLOUD-A/ops/images'],
        ['/fedcloudclient', 'http://localhost/fedcloudclient/'],
        ['/fedcloudclient/CLOUD-A', 'http://localhost/fedcloudclient/CLOUD-A/'],
      ];
      for (const [path, location] of cases) {
        const res = await app.request(path!);
        expect([path, res.status, res.headers.get('location')]).toEqual([path, 307, location]);
      }
    });

    it("answers FastAPI's 404, 405 and 422 bodies", async () => {
      expect(await get('/site/CLOUD-A/a/b/c')).toMatchObject({
        status: 404,
        body: { detail: 'Not Found' },
      });
      expect(await get('/sites/extra')).toMatchObject({
        status: 404,
        body: { detail: 'Not Found' },
      });
      const post = await app.request('/sites/', { method: 'POST' });
      expect(post.status).toBe(405);
      expect(await post.json()).toEqual({ detail: 'Method Not Allowed' });
      const bad = await get('/sites/?include_projects=maybe');
      expect(bad.status).toBe(422);
      expect(bad.body).toEqual({
        detail: [
          {
            type: 'bool_parsing',
            loc: ['query', 'include_projects'],
            msg: 'Input should be a valid boolean, unable to interpret input',
            input: 'maybe',
          },
        ],
      });
      expect((await get('/images/?only_egi_images=2')).status).toBe(422);
    });

    it('sees a new publication at once and drops a site when its document expires', async () => {
      await publish(
        'CLOUD-B',
        buildGlueDocument({
          site: 'CLOUD-B',
          endpointUrl: URL_B,
          creationTime: clock.now(),
          vos: [
            { name: 'fedcloud.egi.eu', projectId: '0123456789' },
            { name: 'ops', projectId: 'ops-project' },
          ],
          images: [],
          flavors: [],
        }),
      );
      expect((await get('/site/CLOUD-B/projects')).body).toEqual([
        { id: '0123456789', name: 'fedcloud.egi.eu' },
        { id: 'ops-project', name: 'ops' },
      ]);
      // CLOUD-A was created 11:30 with 2 h validity.
      clock.set('2025-06-01T13:29:59Z');
      expect((await get('/sites/')).body.map((s: { name: string }) => s.name)).toEqual([
        'CLOUD-A',
        'CLOUD-B',
      ]);
      clock.set('2025-06-01T13:30:00.123Z');
      expect((await get('/sites/')).body.map((s: { name: string }) => s.name)).toEqual(['CLOUD-B']);
      expect((await get('/site/CLOUD-A/')).status).toBe(404);
      clock.set('2025-06-01T12:00:00Z');
    });

    it('gzips large answers for clients that ask, as python-requests does', async () => {
      const plain = await app.request('/images/?only_egi_images=false');
      const text = await plain.text();
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('vary')).toBe('accept-encoding');
      const zipped = await app.request('/images/?only_egi_images=false', {
        headers: { 'accept-encoding': 'gzip, deflate' },
      });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      const bytes = Buffer.from(await zipped.arrayBuffer());
      expect(bytes.length).toBeLessThan(Buffer.byteLength(text));
      expect(gunzipSync(bytes).toString('utf8')).toBe(text);
      const refused = await app.request('/images/?only_egi_images=false', {
        headers: { 'accept-encoding': 'gzip;q=0, identity' },
      });
      expect(refused.headers.get('content-encoding')).toBeNull();
      const small = await app.request('/vos/', { headers: { 'accept-encoding': 'gzip' } });
      expect(small.headers.get('content-encoding')).toBeNull();
    });

    it('answers brotli to a client that takes it, the same bytes once decoded', async () => {
      const text = await (await app.request('/images/?only_egi_images=false')).text();
      const res = await app.request('/images/?only_egi_images=false', {
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toBe(
        text,
      );
    });

    it('answers 304 to a poller whose ETag is current, and the new body after a publication', async () => {
      const path = '/sites/?include_projects=true';
      const first = await app.request(path);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await app.request(path, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
      // A large answer's gzip form has its own tag; a client that switched codings still
      // revalidates.
      const images = '/images/?only_egi_images=false';
      const plainTag = (await app.request(images)).headers.get('etag')!;
      const zipped = await app.request(images, {
        headers: { 'accept-encoding': 'gzip', 'if-none-match': `W/${plainTag}` },
      });
      expect(zipped.status).toBe(304);
      expect(zipped.headers.get('etag')).toBe(plainTag.replace(/"$/, '-gzip"'));
      const other = await app.request(path, { headers: { 'if-none-match': '"something-else"' } });
      expect(other.status).toBe(200);

      clock.set('2025-06-01T12:05:00Z');
      const document = (creationTime: string, vos: { name: string; projectId: string }[]) =>
        buildGlueDocument({
          site: 'CLOUD-B',
          endpointUrl: URL_B,
          creationTime,
          vos,
          images: IMAGES,
          flavors: defaultFlavors(2),
        });
      const original = [{ name: 'fedcloud.egi.eu', projectId: '0123456789' }];
      await publish(
        'CLOUD-B',
        document('2025-06-01T12:04:00', [...original, { name: 'ops', projectId: 'fedcba98' }]),
      );
      const changed = await app.request(path, { headers: { 'if-none-match': etag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      const cloudB = ((await changed.json()) as { name: string; projects: unknown[] }[]).find(
        (site) => site.name === 'CLOUD-B',
      );
      expect(cloudB?.projects).toEqual([
        { id: '0123456789', name: 'fedcloud.egi.eu' },
        { id: 'fedcba98', name: 'ops' },
      ]);
      // The same content published again keeps its tag: a republished document costs pollers
      // nothing.
      const current = changed.headers.get('etag')!;
      await publish(
        'CLOUD-B',
        document('2025-06-01T12:04:30', [...original, { name: 'ops', projectId: 'fedcba98' }]),
      );
      const same = await app.request(path, { headers: { 'if-none-match': current } });
      expect(same.status).toBe(304);
      clock.set('2025-06-01T12:00:00Z');
    });

    it('picks up registry changes made outside the information system once told', async () => {
      await handle.db
        .updateTable('endpoints')
        .set({ hostname: 'renamed.example.org' })
        .where('url', '=', URL_A)
        .execute();
      ctx.info.invalidate();
      expect((await get('/site/CLOUD-A/')).body.hostname).toBe('renamed.example.org');
    });
  },
);
