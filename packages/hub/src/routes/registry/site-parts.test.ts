import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, openHarness, rowCounts } from '../../../test/harness.js';
import { testDatabases } from '../../testing/index.js';

const KEYSTONE = 'https://keystone.site-a.example.org:5000/v3';

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'endpoints, VOs, extensions and downtimes of a site (%s)',
  (_n, tdb) => {
    let h: Harness;
    const A = 'user:admin-a';
    beforeEach(async () => {
      h = await openHarness(tdb);
      for (const name of ['SITE-A', 'SITE-B']) {
        await h.request('POST', '/api/v1/sites', { token: ADMIN, json: { name } });
      }
      await h.grant('admin-a', 'site-admin', 'SITE-A');
    });
    afterEach(() => h.close());

    const addEndpoint = (site: string, json: unknown, token = A) =>
      h.request('POST', `/api/v1/sites/${site}/endpoints`, { token, json });

    it('adds an endpoint, taking the host from its URL, then changes and removes it', async () => {
      const res = await addEndpoint('SITE-A', { serviceType: 'org.openstack.nova', url: KEYSTONE });
      expect(res.status).toBe(201);
      const endpoint = await res.json();
      expect(endpoint).toEqual({
        id: expect.any(Number),
        primaryKey: `${endpoint.id}G0`,
        site: 'SITE-A',
        serviceType: 'org.openstack.nova',
        hostname: 'keystone.site-a.example.org',
        url: KEYSTONE,
        hostDn: '',
        inProduction: true,
        monitored: true,
        beta: false,
        description: '',
      });
      const moved = await h.request('PATCH', `/api/v1/endpoints/${endpoint.id}`, {
        token: A,
        json: { url: 'https://cloud.example.org/identity/v3', monitored: false },
      });
      expect(await moved.json()).toMatchObject({ hostname: 'cloud.example.org', monitored: false });
      const site = await (await h.request('GET', '/api/v1/sites/SITE-A')).json();
      expect(site.endpointCount).toBe(1);
      expect(
        (await h.request('DELETE', `/api/v1/endpoints/${endpoint.id}`, { token: A })).status,
      ).toBe(204);
      const missing = await h.request('DELETE', `/api/v1/endpoints/${endpoint.id}`, { token: A });
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.message).toBe(`no endpoint with id ${endpoint.id}`);
    });

    it("refuses endpoint writes on another site's endpoints and bad endpoint input", async () => {
      const b = await (
        await addEndpoint('SITE-B', { serviceType: 'org.openstack.nova', url: KEYSTONE }, ADMIN)
      ).json();
      const res = await h.request('PATCH', `/api/v1/endpoints/${b.id}`, {
        token: A,
        json: { beta: true },
      });
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(/needs site-admin of site SITE-B/);
      const bad = await addEndpoint('SITE-A', { serviceType: 'nova compute', url: 'ftp://x' });
      expect(bad.status).toBe(400);
      const { error } = await bad.json();
      expect(error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'serviceType',
        'url',
      ]);
      const badId = await h.request('PATCH', '/api/v1/endpoints/abc', { token: A, json: {} });
      expect(badId.status).toBe(400);
      expect((await badId.json()).error.message).toMatch(/the endpoint id must be a number/);
    });

    it('keeps the VOs a site supports, marked as registry entries', async () => {
      const put = (json: unknown) =>
        h.request('PUT', '/api/v1/sites/SITE-A/vos/vo.access.egi.eu', { token: A, json });
      const first = await put({ projectId: 'p-123', projectName: 'VO_ACCESS' });
      expect(first.status).toBe(201);
      expect(await first.json()).toEqual({
        vo: 'vo.access.egi.eu',
        projectId: 'p-123',
        projectName: 'VO_ACCESS',
        source: 'registry',
        staleReason: null,
        lastGoodAt: null,
      });
      expect((await put({ projectId: 'p-456' })).status).toBe(200);
      const site = await (await h.request('GET', '/api/v1/sites/SITE-A')).json();
      expect(site.vos).toEqual([
        {
          vo: 'vo.access.egi.eu',
          projectId: 'p-456',
          projectName: '',
          source: 'registry',
          staleReason: null,
          lastGoodAt: null,
        },
      ]);
      expect(site.voCount).toBe(1);
      expect((await put({})).status).toBe(400);
      const del = (vo: string) =>
        h.request('DELETE', `/api/v1/sites/SITE-A/vos/${vo}`, { token: A });
      expect((await del('vo.access.egi.eu')).status).toBe(204);
      const again = await del('vo.access.egi.eu');
      expect(again.status).toBe(404);
      expect((await again.json()).error.message).toBe(
        'site SITE-A does not support VO vo.access.egi.eu',
      );
    });

    it('sets and removes extension properties', async () => {
      const put = (value: unknown) =>
        h.request('PUT', '/api/v1/sites/SITE-A/extensions/cloud_max_RAM4VM', {
          token: A,
          json: { value },
        });
      expect((await put('16GB')).status).toBe(201);
      expect((await put('32GB')).status).toBe(200);
      expect((await put(32)).status).toBe(400);
      const site = await (await h.request('GET', '/api/v1/sites/SITE-A')).json();
      expect(site.extensions).toEqual({ cloud_max_RAM4VM: '32GB' });
      const path = '/api/v1/sites/SITE-A/extensions/cloud_max_RAM4VM';
      expect((await h.request('DELETE', path, { token: A })).status).toBe(204);
      expect((await h.request('DELETE', path, { token: A })).status).toBe(404);
      const onB = await h.request('PUT', '/api/v1/sites/SITE-B/extensions/k', {
        token: A,
        json: { value: 'v' },
      });
      expect(onB.status).toBe(403);
    });

    it('declares downtimes, resolves their endpoints and computes ongoing from the clock', async () => {
      const e1 = await (
        await addEndpoint('SITE-A', { serviceType: 'org.openstack.nova', url: KEYSTONE })
      ).json();
      const e2 = await (
        await addEndpoint('SITE-A', {
          serviceType: 'eu.egi.cloud.accounting',
          url: 'https://ssm.example.org',
        })
      ).json();
      const declare = (json: unknown) =>
        h.request('POST', '/api/v1/sites/SITE-A/downtimes', { token: A, json });
      // The harness clock stands at 2025-03-01T12:00Z.
      const whole = await declare({
        classification: 'SCHEDULED',
        severity: 'OUTAGE',
        description: 'upgrade',
        startAt: '2025-03-01T13:00:00+01:00',
        endAt: '2025-03-01T18:00:00Z',
      });
      expect(whole.status).toBe(201);
      const wholeBody = await whole.json();
      expect(wholeBody).toMatchObject({
        site: 'SITE-A',
        startAt: '2025-03-01T12:00:00.000Z',
        endAt: '2025-03-01T18:00:00.000Z',
        insertedAt: '2025-03-01T12:00:00.000Z',
        endpointIds: [e1.id, e2.id],
        ongoing: true,
      });
      const later = await (
        await declare({
          classification: 'UNSCHEDULED',
          severity: 'WARNING',
          startAt: '2025-03-02T00:00:00Z',
          endAt: '2025-03-03T00:00:00Z',
          endpointIds: [e2.id],
        })
      ).json();
      expect(later).toMatchObject({ endpointIds: [e2.id], ongoing: false });

      let site = await (await h.request('GET', '/api/v1/sites/SITE-A')).json();
      expect(site.status).toBe('downtime');
      expect(site.downtimes.map((d: { id: number }) => d.id)).toEqual([later.id, wholeBody.id]);

      const ongoing = await (await h.request('GET', '/api/v1/downtimes?ongoing=true')).json();
      expect(ongoing.map((d: { id: number }) => d.id)).toEqual([wholeBody.id]);

      // End the outage early, now: the site is no longer in downtime (the end is exclusive)
      // and the WARNING does not count.
      h.clock.now = new Date('2025-03-01T12:30:00Z');
      const ended = await h.request('PATCH', `/api/v1/downtimes/${wholeBody.id}`, {
        token: A,
        json: { endAt: '2025-03-01T12:30:00Z' },
      });
      expect(ended.status).toBe(200);
      expect(await ended.json()).toMatchObject({ ongoing: false });
      site = await (await h.request('GET', '/api/v1/sites/SITE-A')).json();
      expect(site.status).toBe('no-info');

      h.clock.now = new Date('2025-03-02T06:00:00Z');
      const now = await (
        await h.request('GET', '/api/v1/downtimes?site=SITE-A&ongoing=true')
      ).json();
      expect(now.map((d: { id: number }) => d.id)).toEqual([later.id]);
      expect((await (await h.request('GET', '/api/v1/sites/SITE-A')).json()).status).toBe(
        'no-info',
      );

      expect(
        (await h.request('DELETE', `/api/v1/downtimes/${later.id}`, { token: A })).status,
      ).toBe(204);
      expect((await h.request('GET', `/api/v1/downtimes/${later.id}`)).status).toBe(404);
    });

    it('refuses downtimes that end before they start or name foreign endpoints', async () => {
      const b = await (
        await addEndpoint('SITE-B', { serviceType: 'org.openstack.nova', url: KEYSTONE }, ADMIN)
      ).json();
      const declare = (json: unknown) =>
        h.request('POST', '/api/v1/sites/SITE-A/downtimes', { token: A, json });
      const base = { classification: 'SCHEDULED', severity: 'OUTAGE' };
      const backwards = await declare({
        ...base,
        startAt: '2025-03-02T00:00:00Z',
        endAt: '2025-03-01T00:00:00Z',
      });
      expect(backwards.status).toBe(400);
      expect((await backwards.json()).error.message).toMatch(/endAt must be after startAt/);
      const foreign = await declare({
        ...base,
        startAt: '2025-03-01T00:00:00Z',
        endAt: '2025-03-02T00:00:00Z',
        endpointIds: [b.id],
      });
      expect(foreign.status).toBe(400);
      expect((await foreign.json()).error.message).toBe(
        `endpointIds ${b.id} are not endpoints of site SITE-A`,
      );
      const notDate = await declare({
        ...base,
        startAt: 'tomorrow',
        endAt: '2025-03-02T00:00:00Z',
      });
      expect(notDate.status).toBe(400);
      expect((await notDate.json()).error.message).toMatch(
        /startAt: expected an ISO 8601 date-time/,
      );
      const unknownSite = await h.request('GET', '/api/v1/downtimes?site=NOPE');
      expect(unknownSite.status).toBe(404);
      expect((await h.request('GET', '/api/v1/downtimes?ongoing=maybe')).status).toBe(400);
      expect((await rowCounts(h)).downtimes).toBe(0);
    });
  },
);
