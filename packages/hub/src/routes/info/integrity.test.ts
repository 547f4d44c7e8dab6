import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubApp } from '../../app.js';
import type { InfoPolicy } from '../../config.js';
import {
  buildGlueDocument,
  fixedTokenVerifier,
  type FixtureVo,
  grantRole,
  insertSite,
  testClock,
  type TestDatabaseHandle,
  testDatabases,
  testHubContext,
} from '../../testing/index.js';

const SITE = 'EXAMPLE-CLOUD';
const URL = 'https://keystone.cloud.example.org:5000/v3';
const VOS: FixtureVo[] = [
  { name: 'vo.access.egi.eu', projectId: 'p-access', projectName: 'access' },
  { name: 'fedcloud.egi.eu', projectId: 'p-fedcloud', projectName: 'fedcloud' },
];

/**
 * What the information system guarantees when publishers fail or misbehave: nothing that failed
 * to be read replaces what was read, no replay or rollback, a bounded history, a rate limit.
 */
describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'information integrity (%s)',
  (_name, tdb) => {
    let handle: TestDatabaseHandle;
    let app: ReturnType<typeof createHubApp>;
    const clock = testClock('2025-06-01T12:00:00Z');

    async function open(info: Partial<InfoPolicy> = {}) {
      handle = await tdb.open();
      app = createHubApp(
        testHubContext(handle, {
          now: clock.now,
          verifier: fixedTokenVerifier({ agent: { subject: 'agent-example', isClient: true } }),
          config: {
            info: { historyCount: 100, historyDays: 30, publishesPerMinute: 1000, ...info },
          },
        }),
      );
      await insertSite(handle.db, SITE, { novaUrl: URL });
      await grantRole(handle.db, 'agent-example', 'site-agent', SITE);
    }
    beforeEach(() => clock.set('2025-06-01T12:00:00Z'));
    afterEach(async () => {
      await handle?.drop();
    });

    const doc = (created = clock.now(), vos = VOS, validity = 43_200) =>
      buildGlueDocument({ site: SITE, endpointUrl: URL, creationTime: created, vos, validity });
    const send = (path: string, body: unknown) =>
      app.request(`/api/v1/sites/${SITE}/${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: 'Bearer agent' },
        body: JSON.stringify(body),
      });
    const put = (body: unknown) => send('info', body);
    const summary = async () => await (await app.request(`/api/v1/sites/${SITE}`)).json();
    const cloudSites = async () =>
      (await (await app.request('/sites/?include_projects=true')).json()) as {
        name: string;
        state: string;
        projects: { id: string; name: string }[];
      }[];
    const historyIds = async () =>
      (
        (await (await app.request(`/api/v1/sites/${SITE}/info/history?limit=500`)).json()) as {
          id: number;
        }[]
      ).map((p) => p.id);

    it('refuses a document already past its validity, and writes nothing', async () => {
      await open();
      const res = await put(doc(new Date('2025-06-01T10:00:00Z'), VOS, 3600));
      expect(res.status).toBe(422);
      expect((await res.json()).error.message).toContain(
        'the document expired at 2025-06-01T11:00:00.000Z (CreationTime + Validity)',
      );
      expect(await historyIds()).toEqual([]);
    });

    it('refuses a replay of the current document and an older one (409), keeping the newer', async () => {
      await open();
      const current = doc(new Date('2025-06-01T11:30:00Z'));
      expect((await put(current)).status).toBe(201);
      const replay = await put(current);
      expect(replay.status).toBe(409);
      expect((await replay.json()).error.message).toBe(
        "the document was created at 2025-06-01T11:30:00.000Z, not after the site's current one (2025-06-01T11:30:00.000Z); an older or repeated document cannot replace newer information",
      );
      const older = await put(doc(new Date('2025-06-01T11:00:00Z'), VOS.slice(0, 1)));
      expect(older.status).toBe(409);
      expect(await historyIds()).toHaveLength(1);
      expect((await summary()).voCount).toBe(2);
    });

    it('keeps at most historyCount documents per site, the current one included', async () => {
      await open({ historyCount: 3 });
      const ids: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        clock.advance(60_000);
        const res = await put(doc());
        expect(res.status).toBe(201);
        ids.push((await res.json()).id);
      }
      expect(await historyIds()).toEqual([ids[4], ids[3], ids[2]]);
    });

    it('limits publications per publisher and site, with Retry-After, until the window passes', async () => {
      await open({ publishesPerMinute: 2 });
      expect((await put(doc(new Date('2025-06-01T11:59:00Z')))).status).toBe(201);
      clock.advance(20_000);
      expect((await put(doc(new Date('2025-06-01T11:59:10Z')))).status).toBe(201);
      clock.advance(10_000);
      const third = await put(doc(new Date('2025-06-01T11:59:20Z')));
      expect(third.status).toBe(429);
      // The first one was accepted at 12:00:00, so the window frees at 12:01:00, 30 s later.
      expect(third.headers.get('retry-after')).toBe('30');
      expect((await third.json()).error.code).toBe('TOO_MANY_REQUESTS');
      const health = await send('info/health', { state: 'failing', reason: 'x' });
      expect(health.status).toBe(429);
      clock.advance(30_000);
      expect((await put(doc(new Date('2025-06-01T11:59:20Z')))).status).toBe(201);
    });

    it('keeps the last good document of a site its agent cannot read, shown as failing', async () => {
      await open();
      expect((await put(doc(new Date('2025-06-01T11:00:00Z')))).status).toBe(201);
      clock.advance(3600_000);
      const report = await send('info/health', {
        state: 'failing',
        reason: 'Keystone at https://keystone.cloud.example.org:5000/v3 unreachable: ECONNREFUSED',
      });
      expect(report.status).toBe(200);
      expect(await report.json()).toEqual({
        state: 'failing',
        reason: 'Keystone at https://keystone.cloud.example.org:5000/v3 unreachable: ECONNREFUSED',
        failingSince: '2025-06-01T13:00:00.000Z',
        reportedAt: '2025-06-01T13:00:00.000Z',
      });
      clock.advance(600_000);
      await send('info/health', { state: 'failing', reason: 'timed out after 60 s' });

      expect(await summary()).toMatchObject({
        status: 'failing',
        statusReason: 'timed out after 60 s',
        failingSince: '2025-06-01T13:00:00.000Z',
        lastPublishedAt: '2025-06-01T12:00:00.000Z',
        voCount: 2,
      });
      // Past the document's validity the site is still listed, with its VOs, as unreachable.
      clock.set('2025-06-02T06:00:00Z');
      const listed = (await cloudSites()).find((s) => s.name === SITE);
      expect(listed?.state).toBe('unreachable');
      expect(listed?.projects.map((p) => p.name)).toEqual(['vo.access.egi.eu', 'fedcloud.egi.eu']);
      const forVo = await (await app.request('/sites/?vo_name=fedcloud.egi.eu')).json();
      expect(forVo.map((s: { name: string }) => s.name)).toEqual([SITE]);

      // A document read from the site ends the spell.
      expect((await put(doc())).status).toBe(201);
      expect(await summary()).toMatchObject({
        status: 'ok',
        statusReason: null,
        failingSince: null,
      });
      expect((await cloudSites()).find((s) => s.name === SITE)?.state).toBe('');
    });

    it('keeps a VO whose share was published from its last good reading, with the reason', async () => {
      await open();
      const body = doc();
      const share = (body.Share as { OtherInfo: Record<string, unknown> }[])[1]!;
      share.OtherInfo.fedcloud_stale_reason = 'HTTP 403 on /v3/auth/tokens';
      share.OtherInfo.fedcloud_last_good_at = '2025-06-01T06:00:00.000Z';
      expect((await put(body)).status).toBe(201);
      const detail = await summary();
      expect(detail.status).toBe('ok');
      expect(detail.vos).toEqual([
        {
          vo: 'fedcloud.egi.eu',
          projectId: 'p-fedcloud',
          projectName: 'fedcloud',
          source: 'info',
          staleReason: 'HTTP 403 on /v3/auth/tokens',
          lastGoodAt: '2025-06-01T06:00:00.000Z',
        },
        {
          vo: 'vo.access.egi.eu',
          projectId: 'p-access',
          projectName: 'access',
          source: 'info',
          staleReason: null,
          lastGoodAt: null,
        },
      ]);
    });

    it('refuses a health mark without a reason (400) and for another site (403)', async () => {
      await open();
      const empty = await send('info/health', { state: 'failing', reason: '  ' });
      expect(empty.status).toBe(400);
      expect((await empty.json()).error.message).toBe('reason must not be empty');
      const other = await app.request('/api/v1/sites/OTHER/info/health', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: 'Bearer agent' },
        body: JSON.stringify({ state: 'failing', reason: 'x' }),
      });
      expect(other.status).toBe(403);
      expect((await summary()).status).toBe('no-info');
    });
  },
);
