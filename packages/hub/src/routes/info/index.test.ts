import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubApp } from '../../app.js';
import type { HubContext } from '../../context.js';
import { imagesForSiteVo } from '../../info/index.js';
import {
  buildGlueDocument,
  defaultFlavors,
  defaultImages,
  fixedTokenVerifier,
  type FixtureVo,
  grantRole,
  insertSite,
  testClock,
  type TestDatabase,
  type TestDatabaseHandle,
  testDatabases,
  testHubContext,
} from '../../testing/index.js';

const SITE = 'EXAMPLE-CLOUD';
const URL = 'https://keystone.cloud.example.org:5000/v3';

const TOKENS = {
  agent: { subject: 'agent-example', isClient: true },
  'other-agent': { subject: 'agent-other', isClient: true },
  admin: { subject: 'fed-admin' },
  nobody: { subject: 'nobody' },
};

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'information system publication and native reads (%s)',
  (_name, tdb: TestDatabase) => {
    let handle: TestDatabaseHandle;
    let app: ReturnType<typeof createHubApp>;
    let ctx: HubContext;
    let siteId: number;
    const clock = testClock('2025-06-01T12:00:00Z');

    const doc = (vos: FixtureVo[], created = clock.now(), extra: { validity?: number } = {}) =>
      buildGlueDocument({
        site: SITE,
        endpointUrl: URL,
        gocdbId: '1G0',
        creationTime: created,
        vos,
        images: defaultImages(4),
        flavors: defaultFlavors(8),
        ...extra,
      });
    const VOS: FixtureVo[] = [
      { name: 'vo.access.egi.eu', projectId: 'p-access', projectName: 'access' },
      { name: 'fedcloud.egi.eu', projectId: 'p-fedcloud' },
    ];

    const put = (
      body: unknown,
      token: string | null = 'agent',
      site = SITE,
      headers: Record<string, string> = {},
    ) =>
      app.request(`/api/v1/sites/${site}/info`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const count = async (table: 'info_documents' | 'info_current') =>
      Number(
        (
          await handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const siteVos = () =>
      handle.db
        .selectFrom('site_vos')
        .select(['vo', 'project_id', 'project_name', 'source'])
        .where('site_id', '=', siteId)
        .orderBy('vo')
        .execute();

    beforeAll(async () => {
      handle = await tdb.open();
      ctx = testHubContext(handle, {
        now: clock.now,
        verifier: fixedTokenVerifier(TOKENS),
        // The rate limit has its own suite; here the clock stands still across many publications.
        config: {
          maxDocumentBytes: 200_000,
          info: { historyCount: 100, historyDays: 30, publishesPerMinute: 100_000 },
        },
      });
      app = createHubApp(ctx);
      siteId = (await insertSite(handle.db, SITE, { novaUrl: URL })).id;
      await insertSite(handle.db, 'OTHER-CLOUD');
      await grantRole(handle.db, 'agent-example', 'site-agent', SITE);
      await grantRole(handle.db, 'agent-other', 'site-agent', 'OTHER-CLOUD');
      await grantRole(handle.db, 'fed-admin', 'federation-admin', '');
    });

    afterAll(async () => {
      await handle?.drop();
    });

    beforeEach(async () => {
      clock.set('2025-06-01T12:00:00Z');
      await handle.db.deleteFrom('info_health').execute();
      await handle.db.deleteFrom('info_current').execute();
      await handle.db.deleteFrom('info_documents').execute();
      await handle.db.deleteFrom('site_vos').execute();
    });

    it('stores a valid document and answers 201 with what it holds', async () => {
      const res = await put(doc(VOS));
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body).toEqual({
        id: expect.any(Number),
        publishedAt: '2025-06-01T12:00:00.000Z',
        expiresAt: '2025-06-02T00:00:00.000Z',
        shares: 2,
        images: 8,
        instanceTypes: 16,
      });
      const row = await handle.db
        .selectFrom('info_documents')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        id: body.id,
        site_id: siteId,
        publisher: 'agent-example',
        creation_time: '2025-06-01T12:00:00.000Z',
      });
      expect(await handle.db.selectFrom('info_current').selectAll().execute()).toEqual([
        { site_id: siteId, document_id: body.id },
      ]);
      expect(await siteVos()).toEqual([
        {
          vo: 'fedcloud.egi.eu',
          project_id: 'p-fedcloud',
          project_name: 'fedcloud.egi.eu',
          source: 'info',
        },
        { vo: 'vo.access.egi.eu', project_id: 'p-access', project_name: 'access', source: 'info' },
      ]);
    });

    it('serves the current document byte for byte, and its history newest first', async () => {
      const first = JSON.stringify(doc(VOS), null, 2);
      await put(first);
      clock.advance(3600_000);
      const second = JSON.stringify(doc(VOS.slice(0, 1)));
      const published = await (await put(second)).json();

      const current = await app.request(`/api/v1/sites/${SITE}/info`);
      expect(current.status).toBe(200);
      expect(await current.text()).toBe(second);
      expect(current.headers.get('x-info-status')).toBe('fresh');
      expect(current.headers.get('x-info-document-id')).toBe(String(published.id));

      const history = await (await app.request(`/api/v1/sites/${SITE}/info/history`)).json();
      expect(history).toHaveLength(2);
      expect(history[0]).toEqual({
        id: published.id,
        publishedAt: '2025-06-01T13:00:00.000Z',
        creationTime: '2025-06-01T13:00:00.000Z',
        expiresAt: '2025-06-02T01:00:00.000Z',
        publisher: 'agent-example',
        shares: 1,
        images: 4,
        instanceTypes: 8,
      });
      expect(history[1].shares).toBe(2);
      const limited = await (
        await app.request(`/api/v1/sites/${SITE}/info/history?limit=1`)
      ).json();
      expect(limited.map((p: { id: number }) => p.id)).toEqual([published.id]);
      expect((await app.request(`/api/v1/sites/${SITE}/info/history?limit=0`)).status).toBe(400);
    });

    it('keeps showing a document past its validity, marked stale', async () => {
      await put(doc(VOS, clock.now(), { validity: 3600 }));
      clock.advance(3600_000 + 1);
      const res = await app.request(`/api/v1/sites/${SITE}/info`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-info-status')).toBe('stale');
      expect(await (await app.request(`/api/v1/sites/${SITE}/images`)).json()).toHaveLength(8);
    });

    it('lists images and flavors per VO project, GPUs included', async () => {
      await put(doc(VOS));
      const images = await (await app.request(`/api/v1/sites/${SITE}/images`)).json();
      expect(images).toHaveLength(8);
      expect(images[0]).toEqual({
        id: expect.any(String),
        name: 'registry.egi.eu egi_vm_images/ubuntu:22.04',
        vo: 'vo.access.egi.eu',
        projectId: 'p-access',
        marketplaceUrl: expect.stringContaining('registry.egi.eu/egi_vm_images/ubuntu:22.04'),
        osName: 'ubuntu',
        osVersion: '22.04',
        osPlatform: 'x86_64',
        egiId: 'egi_vm_images/ubuntu:22.04',
      });
      const onlyFedcloud = await (
        await app.request(`/api/v1/sites/${SITE}/images?vo=fedcloud.egi.eu`)
      ).json();
      expect(onlyFedcloud.map((i: { vo: string }) => i.vo)).toEqual(
        Array(4).fill('fedcloud.egi.eu'),
      );
      expect(await imagesForSiteVo(handle.db, ctx.info, SITE, 'fedcloud.egi.eu')).toEqual(
        onlyFedcloud,
      );
      expect(await imagesForSiteVo(handle.db, ctx.info, SITE, 'unknown.vo')).toEqual([]);
      expect(await imagesForSiteVo(handle.db, ctx.info, 'OTHER-CLOUD', 'fedcloud.egi.eu')).toEqual(
        [],
      );

      const flavors = await (
        await app.request(`/api/v1/sites/${SITE}/flavors?vo=vo.access.egi.eu`)
      ).json();
      expect(flavors).toHaveLength(8);
      expect(flavors.find((f: { name: string }) => f.name === 'g1.small')).toEqual({
        id: '7',
        name: 'g1.small',
        vo: 'vo.access.egi.eu',
        cpu: 4,
        ramMb: 16384,
        diskGb: 50,
        gpus: 1,
        gpuVendor: 'nvidia',
        gpuModel: 'T4',
      });
    });

    it('answers [] for images of a site that never published, 404 for its document', async () => {
      expect(await (await app.request('/api/v1/sites/OTHER-CLOUD/images')).json()).toEqual([]);
      expect(await (await app.request('/api/v1/sites/OTHER-CLOUD/flavors')).json()).toEqual([]);
      const res = await app.request('/api/v1/sites/OTHER-CLOUD/info');
      expect(res.status).toBe(404);
      expect((await res.json()).error.message).toMatch(/published no information/);
      expect((await app.request('/api/v1/sites/NOPE/images')).status).toBe(404);
      expect((await app.request('/api/v1/sites/NOPE/info/history')).status).toBe(404);
    });

    it("keeps the site's VO list in step with its documents", async () => {
      await handle.db
        .insertInto('site_vos')
        .values([
          {
            site_id: siteId,
            vo: 'registry.only',
            project_id: 'hand',
            project_name: 'kept',
            source: 'registry',
            updated_at: '',
          },
          {
            site_id: siteId,
            vo: 'fedcloud.egi.eu',
            project_id: 'hand-typed',
            project_name: 'typed',
            source: 'registry',
            updated_at: '',
          },
        ])
        .execute();
      await put(doc(VOS));
      expect(await siteVos()).toEqual([
        {
          vo: 'fedcloud.egi.eu',
          project_id: 'p-fedcloud',
          project_name: 'fedcloud.egi.eu',
          source: 'info',
        },
        { vo: 'registry.only', project_id: 'hand', project_name: 'kept', source: 'registry' },
        { vo: 'vo.access.egi.eu', project_id: 'p-access', project_name: 'access', source: 'info' },
      ]);
      clock.advance(60_000);
      await put(
        doc([
          { name: 'vo.access.egi.eu', projectId: 'p-access-2', projectName: 'access' },
          { name: 'new.vo', projectId: 'p-new' },
        ]),
      );
      expect(await siteVos()).toEqual([
        { vo: 'new.vo', project_id: 'p-new', project_name: 'new.vo', source: 'info' },
        { vo: 'registry.only', project_id: 'hand', project_name: 'kept', source: 'registry' },
        {
          vo: 'vo.access.egi.eu',
          project_id: 'p-access-2',
          project_name: 'access',
          source: 'info',
        },
      ]);
    });

    describe('refuses bad documents and stores nothing', () => {
      const cases: [string, () => Parameters<typeof put>, number, RegExp | string][] = [
        ['not JSON', () => ['{"CloudComputingService": ['], 400, /not JSON/],
        ['a JSON array', () => [[]], 422, '$'],
        [
          'no service',
          () => {
            const d = doc(VOS);
            delete (d as Record<string, unknown>).CloudComputingService;
            return [d];
          },
          422,
          '$.CloudComputingService',
        ],
        [
          'a share without policy',
          () => {
            const d = doc(VOS);
            d.MappingPolicy = d.MappingPolicy!.slice(0, 1);
            return [d];
          },
          422,
          '$.Share[1]',
        ],
        [
          'a dangling association',
          () => {
            const d = doc(VOS);
            (
              d.CloudComputingImage![0] as { Associations: { Share: string[] } }
            ).Associations.Share = ['ghost'];
            return [d];
          },
          422,
          '$.CloudComputingImage[0].Associations.Share[0]',
        ],
        [
          'a CreationTime an hour ahead',
          () => [doc(VOS, new Date(clock.now().getTime() + 3600_000))],
          422,
          '$.CloudComputingService[0].CreationTime',
        ],
        [
          'another site in the document',
          () => [
            buildGlueDocument({
              site: 'OTHER-CLOUD',
              endpointUrl: URL,
              creationTime: clock.now(),
              vos: VOS,
            }),
          ],
          422,
          '$.CloudComputingService[0].Associations.AdminDomain[0]',
        ],
        ['too large', () => [doc(VOS, clock.now(), {}), 'agent', SITE, {}], 413, /larger than/],
        [
          'form-encoded',
          () => [doc(VOS), 'agent', SITE, { 'content-type': 'application/x-www-form-urlencoded' }],
          415,
          /application\/json/,
        ],
      ];
      for (const [label, args, status, expected] of cases) {
        it(`${label} → ${status}`, async () => {
          const [body, ...rest] = args();
          const payload =
            label === 'too large'
              ? JSON.stringify({ ...(body as object), padding: 'x'.repeat(250_000) })
              : body;
          const res = await put(payload, ...rest);
          expect(res.status).toBe(status);
          const error = (await res.json()).error;
          if (typeof expected === 'string') {
            expect(error.code).toBe('INVALID_DOCUMENT');
            expect(error.details.issues.map((i: { path: string }) => i.path)).toContain(expected);
          } else {
            expect(error.message).toMatch(expected);
          }
          expect(await count('info_documents')).toBe(0);
          expect(await count('info_current')).toBe(0);
          expect(await siteVos()).toEqual([]);
        });
      }
    });

    it('refuses anonymous publishers (401), agents of other sites and users without a role (403)', async () => {
      const anonymous = await put(doc(VOS), null);
      expect(anonymous.status).toBe(401);
      const other = await put(doc(VOS), 'other-agent');
      expect(other.status).toBe(403);
      expect((await other.json()).error.message).toMatch(
        /agent-other may not info\.publish on site EXAMPLE-CLOUD/,
      );
      expect((await put(doc(VOS), 'nobody')).status).toBe(403);
      expect((await put(doc(VOS), 'forged-token')).status).toBe(401);
      expect(await count('info_documents')).toBe(0);
    });

    it('tells a publisher of an unregistered site to register it first (404)', async () => {
      const res = await put(doc(VOS), 'admin', 'NEW-SITE');
      expect(res.status).toBe(404);
      expect((await res.json()).error.message).toMatch(/not registered.*register it first/);
    });

    it('describes its routes in /openapi.json', async () => {
      const doc = await (await app.request('/openapi.json')).json();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/sites/{site}/info',
          '/api/v1/sites/{site}/info/history',
          '/api/v1/sites/{site}/images',
          '/api/v1/sites/{site}/flavors',
          '/sites/',
          '/fedcloudclient/{site_name}/',
          '/glue2.ldif',
        ]),
      );
      expect(Object.keys(doc.paths['/api/v1/sites/{site}/info'])).toEqual(['put', 'get']);
    });

    it('lets a federation admin publish for any site', async () => {
      expect((await put(doc(VOS), 'admin')).status).toBe(201);
      const history = await (await app.request(`/api/v1/sites/${SITE}/info/history`)).json();
      expect(history[0].publisher).toBe('fed-admin');
    });
  },
);
