import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, openHarness, rowCounts } from '../../../test/harness.js';
import { buildGlueDocument, defaultImages, testDatabases } from '../../testing/index.js';

/** Stores a current info document for a site directly (any expiry), as the info service would. */
async function publish(h: Harness, site: string, expiresAt: string, images: number) {
  const db = h.database.db;
  const { id: siteId } = await db
    .selectFrom('sites')
    .select('id')
    .where('name', '=', site)
    .executeTakeFirstOrThrow();
  const body = JSON.stringify(
    buildGlueDocument({
      site,
      endpointUrl: `https://${site.toLowerCase()}.example.org:5000/v3`,
      creationTime: '2025-03-01T11:00:00Z',
      vos: [{ name: 'vo.fixture', projectId: 'p-fixture' }],
      images: defaultImages(images),
    }),
  );
  const doc = await db
    .insertInto('info_documents')
    .values({
      site_id: siteId,
      published_at: '2025-03-01T11:00:00.000Z',
      creation_time: '2025-03-01T11:00:00.000Z',
      expires_at: expiresAt,
      publisher: 'agent',
      body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('info_current').values({ site_id: siteId, document_id: doc.id }).execute();
}

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'VOs, roles, whoami and overview (%s)',
  (_n, tdb) => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(tdb);
      for (const name of ['SITE-A', 'SITE-B', 'SITE-C']) {
        await h.request('POST', '/api/v1/sites', { token: ADMIN, json: { name } });
      }
    });
    afterEach(() => h.close());

    const supportVo = (site: string, vo: string, projectId: string) =>
      h.request('PUT', `/api/v1/sites/${site}/vos/${vo}`, { token: ADMIN, json: { projectId } });

    it('registers VOs and counts the sites supporting them', async () => {
      const created = await h.request('POST', '/api/v1/vos', {
        token: ADMIN,
        json: { name: 'vo.access.egi.eu', description: 'EGI access', homepage: 'https://egi.eu' },
      });
      expect(created.status).toBe(201);
      expect(await created.json()).toEqual({
        name: 'vo.access.egi.eu',
        description: 'EGI access',
        siteCount: 0,
      });
      const dup = await h.request('POST', '/api/v1/vos', {
        token: ADMIN,
        json: { name: 'vo.access.egi.eu' },
      });
      expect(dup.status).toBe(409);
      await supportVo('SITE-A', 'vo.access.egi.eu', 'pa');
      await supportVo('SITE-B', 'vo.access.egi.eu', 'pb');
      // A VO a site supports without a registry entry is listed too.
      await supportVo('SITE-B', 'training.egi.eu', 'pt');
      const list = await (await h.request('GET', '/api/v1/vos')).json();
      expect(list).toEqual([
        { name: 'training.egi.eu', description: '', siteCount: 1 },
        { name: 'vo.access.egi.eu', description: 'EGI access', siteCount: 2 },
      ]);
      await publish(h, 'SITE-B', '2025-03-01T10:00:00.000Z', 1);
      const detail = await (await h.request('GET', '/api/v1/vos/vo.access.egi.eu')).json();
      expect(detail).toEqual({
        name: 'vo.access.egi.eu',
        description: 'EGI access',
        homepage: 'https://egi.eu',
        siteCount: 2,
        sites: [
          { site: 'SITE-A', status: 'no-info', projectId: 'pa', projectName: '', images: [] },
          { site: 'SITE-B', status: 'stale', projectId: 'pb', projectName: '', images: [] },
        ],
      });
      const unknown = await h.request('GET', '/api/v1/vos/nope.example.org');
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error.message).toBe('no VO named nope.example.org');
    });

    it("shows, per site of a VO, the images its project sees there (from the site's info)", async () => {
      await h.request('POST', '/api/v1/vos', { token: ADMIN, json: { name: 'vo.access.egi.eu' } });
      await supportVo('SITE-A', 'vo.access.egi.eu', 'pa');
      const doc = buildGlueDocument({
        site: 'SITE-A',
        endpointUrl: 'https://a.example.org:5000/v3',
        creationTime: h.clock.now,
        vos: [{ name: 'vo.access.egi.eu', projectId: 'pa' }],
        images: defaultImages(2),
      });
      const published = await h.request('PUT', '/api/v1/sites/SITE-A/info', {
        token: ADMIN,
        json: doc,
      });
      expect(published.status).toBe(201);
      const detail = await (await h.request('GET', '/api/v1/vos/vo.access.egi.eu')).json();
      expect(detail.sites).toHaveLength(1);
      expect(detail.sites[0]).toMatchObject({ site: 'SITE-A', status: 'ok', projectId: 'pa' });
      expect(detail.sites[0].images).toHaveLength(2);
      expect(detail.sites[0].images[0]).toMatchObject({ vo: 'vo.access.egi.eu', projectId: 'pa' });
    });

    it('lets a VO manager change only their VO', async () => {
      for (const name of ['vo.a', 'vo.b']) {
        await h.request('POST', '/api/v1/vos', { token: ADMIN, json: { name } });
      }
      await h.grant('manager', 'vo-manager', 'vo.a');
      const mine = await h.request('PATCH', '/api/v1/vos/vo.a', {
        token: 'user:manager',
        json: { description: 'ours' },
      });
      expect(mine.status).toBe(200);
      expect((await mine.json()).description).toBe('ours');
      const other = await h.request('PATCH', '/api/v1/vos/vo.b', {
        token: 'user:manager',
        json: { description: 'ours too' },
      });
      expect(other.status).toBe(403);
      expect((await other.json()).error.message).toBe(
        'manager may not vo.update for VO vo.b: needs vo-manager of VO vo.b or federation-admin',
      );
      const create = await h.request('POST', '/api/v1/vos', {
        token: 'user:manager',
        json: { name: 'vo.c' },
      });
      expect(create.status).toBe(403);
      const unregistered = await h.request('PATCH', '/api/v1/vos/vo.zzz', {
        token: ADMIN,
        json: { description: 'x' },
      });
      expect(unregistered.status).toBe(404);
      expect((await unregistered.json()).error.message).toMatch(/no registered VO named vo\.zzz/);
    });

    it('manages role grants for federation admins only', async () => {
      const grant = (json: unknown, token = ADMIN) =>
        h.request('POST', '/api/v1/roles', { token, json });
      const res = await grant({ subject: 'agent-a', role: 'site-agent', target: 'SITE-A' });
      expect(res.status).toBe(201);
      const entry = await res.json();
      expect(entry).toEqual({
        id: expect.any(Number),
        subject: 'agent-a',
        role: 'site-agent',
        target: 'SITE-A',
        createdAt: '2025-03-01T12:00:00.000Z',
        createdBy: 'root',
      });
      expect(
        (await grant({ subject: 'agent-a', role: 'site-agent', target: 'SITE-A' })).status,
      ).toBe(409);
      const noSite = await grant({ subject: 'x', role: 'site-admin', target: 'SITE-Z' });
      expect(noSite.status).toBe(404);
      expect((await noSite.json()).error.message).toBe('no site named SITE-Z');
      expect((await grant({ subject: 'x', role: 'vo-manager', target: 'vo.none' })).status).toBe(
        404,
      );
      expect((await grant({ subject: 'x', role: 'site-admin' })).status).toBe(400);
      const globalWithTarget = await grant({ subject: 'x', role: 'federation-admin', target: 'S' });
      expect((await globalWithTarget.json()).error.message).toBe(
        'federation-admin is global and takes no target',
      );
      expect((await grant({ subject: 'x', role: 'overlord' })).status).toBe(400);

      const who = await (
        await h.request('GET', '/api/v1/whoami', { token: 'client:agent-a' })
      ).json();
      expect(who).toEqual({
        kind: 'client',
        subject: 'agent-a',
        grants: [{ role: 'site-agent', target: 'SITE-A' }],
      });
      const denied = await grant({ subject: 'y', role: 'federation-admin' }, 'client:agent-a');
      expect(denied.status).toBe(403);
      expect((await h.request('GET', '/api/v1/roles', { token: 'client:agent-a' })).status).toBe(
        403,
      );
      expect((await h.request('GET', '/api/v1/roles')).status).toBe(401);

      const all = await (await h.request('GET', '/api/v1/roles', { token: ADMIN })).json();
      expect(all.map((g: { subject: string }) => g.subject)).toEqual(['agent-a']);
      expect(
        (await h.request('DELETE', `/api/v1/roles/${entry.id}`, { token: ADMIN })).status,
      ).toBe(204);
      expect(
        (await h.request('DELETE', `/api/v1/roles/${entry.id}`, { token: ADMIN })).status,
      ).toBe(404);
      expect((await rowCounts(h)).role_grants).toBe(0);
    });

    it('tells callers who they are', async () => {
      expect(await (await h.request('GET', '/api/v1/whoami')).json()).toEqual({
        kind: 'anonymous',
        grants: [],
      });
      // "root" is a federation admin by configuration, not by a grant row.
      expect(await (await h.request('GET', '/api/v1/whoami', { token: ADMIN })).json()).toEqual({
        kind: 'user',
        subject: 'root',
        grants: [{ role: 'federation-admin', target: '' }],
      });
    });

    it('sums up the federation, with each site status from info and outages', async () => {
      await h.request('POST', '/api/v1/sites/SITE-A/endpoints', {
        token: ADMIN,
        json: { serviceType: 'org.openstack.nova', url: 'https://a.example.org:5000/v3' },
      });
      await supportVo('SITE-A', 'vo.one', 'p1');
      await h.request('POST', '/api/v1/vos', { token: ADMIN, json: { name: 'vo.two' } });
      await publish(h, 'SITE-A', '2025-03-02T00:00:00.000Z', 3); // fresh
      await publish(h, 'SITE-B', '2025-03-01T11:59:59.000Z', 2); // stale
      await publish(h, 'SITE-C', '2025-03-02T00:00:00.000Z', 4); // fresh, but in an outage
      await h.request('POST', '/api/v1/sites/SITE-C/downtimes', {
        token: ADMIN,
        json: {
          classification: 'UNSCHEDULED',
          severity: 'OUTAGE',
          startAt: '2025-03-01T11:00:00Z',
          endAt: '2025-03-01T13:00:00Z',
        },
      });
      const sites = await (await h.request('GET', '/api/v1/sites')).json();
      expect(sites.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
        ['SITE-A', 'ok'],
        ['SITE-B', 'stale'],
        ['SITE-C', 'downtime'],
      ]);
      expect(sites[0]).toMatchObject({
        voCount: 1,
        endpointCount: 1,
        lastPublishedAt: '2025-03-01T11:00:00.000Z',
        infoExpiresAt: '2025-03-02T00:00:00.000Z',
      });
      expect(await (await h.request('GET', '/api/v1/overview')).json()).toEqual({
        sites: 3,
        sitesOk: 1,
        sitesStale: 1,
        sitesNoInfo: 0,
        sitesInDowntime: 1,
        sitesFailing: 0,
        vos: 2,
        endpoints: 1,
        images: 9,
        generatedAt: '2025-03-01T12:00:00.000Z',
      });
    });

    it('describes every registry route in /openapi.json', async () => {
      const doc = await (await h.request('GET', '/openapi.json')).json();
      const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(routes).toEqual(
        expect.arrayContaining([
          'GET /api/v1/sites',
          'POST /api/v1/sites',
          'GET /api/v1/sites/{site}',
          'PATCH /api/v1/sites/{site}',
          'DELETE /api/v1/sites/{site}',
          'POST /api/v1/sites/{site}/endpoints',
          'PATCH /api/v1/endpoints/{id}',
          'DELETE /api/v1/endpoints/{id}',
          'PUT /api/v1/sites/{site}/vos/{vo}',
          'DELETE /api/v1/sites/{site}/vos/{vo}',
          'PUT /api/v1/sites/{site}/extensions/{key}',
          'DELETE /api/v1/sites/{site}/extensions/{key}',
          'GET /api/v1/downtimes',
          'POST /api/v1/sites/{site}/downtimes',
          'PATCH /api/v1/downtimes/{id}',
          'DELETE /api/v1/downtimes/{id}',
          'GET /api/v1/vos',
          'POST /api/v1/vos',
          'GET /api/v1/vos/{vo}',
          'PATCH /api/v1/vos/{vo}',
          'GET /api/v1/roles',
          'POST /api/v1/roles',
          'DELETE /api/v1/roles/{id}',
          'GET /api/v1/whoami',
          'GET /api/v1/overview',
          'GET /gocdbpi/public/',
          'GET /gocdbpi/private/',
        ]),
      );
      expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    });
  },
);
