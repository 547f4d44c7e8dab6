import { type CloudRecord, renderCloudMessages } from '@fedcloud/sdk/accounting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubApp } from '../../app.js';
import {
  fixedTokenVerifier,
  grantRole,
  insertSite,
  testClock,
  type TestDatabase,
  type TestDatabaseHandle,
  testDatabases,
  testHubContext,
} from '../../testing/index.js';

const A = 'SITE-A';
const B = 'SITE-B';
const HOUR = 3600;
/** 2026-01-31T22:00:00Z. */
const T0 = 1_769_896_800;

const TOKENS = {
  'agent-a': { subject: 'agent-a', isClient: true },
  'agent-b': { subject: 'agent-b', isClient: true },
  alice: { subject: 'alice@egi.eu' },
  bob: { subject: 'bob@egi.eu' },
  'manager-a': { subject: 'manager-a' },
  'admin-a': { subject: 'admin-a' },
  root: { subject: 'root' },
};

const vm = (over: Partial<CloudRecord>): CloudRecord => ({
  vmUuid: 'vm-1',
  siteName: A,
  globalUserName: 'alice@egi.eu',
  fqan: 'vo.a',
  status: 'started',
  startTime: T0,
  endTime: 0,
  recordCreateTime: T0 + HOUR,
  wallDuration: HOUR,
  cpuDuration: 2 * HOUR,
  cpuCount: 2,
  memory: 4096,
  disk: 20,
  ...over,
});

// At SITE-A: alice in vo.a across the January/February boundary (1 h, then 3 h more), bob in
// vo.b in February (2 h). At SITE-B: alice in vo.a in February (1 h, 1 vCPU).
const SITE_A_RECORDS = [
  vm({}),
  vm({ recordCreateTime: T0 + 4 * HOUR, wallDuration: 4 * HOUR, cpuDuration: 8 * HOUR }),
  vm({
    vmUuid: 'vm-2',
    globalUserName: 'bob@egi.eu',
    fqan: 'vo.b',
    startTime: T0 + 2 * HOUR,
    recordCreateTime: T0 + 4 * HOUR,
    wallDuration: 2 * HOUR,
    cpuDuration: 2 * HOUR,
    cpuCount: 1,
  }),
];
const SITE_B_RECORDS = [
  vm({
    siteName: B,
    startTime: T0 + 2 * HOUR,
    recordCreateTime: T0 + 3 * HOUR,
    cpuDuration: HOUR,
    cpuCount: 1,
  }),
];

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'accounting routes (%s)',
  (_name, tdb: TestDatabase) => {
    let handle: TestDatabaseHandle;
    let app: ReturnType<typeof createHubApp>;
    const clock = testClock('2026-03-01T12:00:00Z');

    beforeAll(async () => {
      handle = await tdb.open();
      app = createHubApp(
        testHubContext(handle, { verifier: fixedTokenVerifier(TOKENS), now: clock.now }),
      );
      await insertSite(handle.db, A);
      await insertSite(handle.db, B);
      await grantRole(handle.db, 'agent-a', 'site-agent', A);
      await grantRole(handle.db, 'agent-b', 'site-agent', B);
      await grantRole(handle.db, 'manager-a', 'vo-manager', 'vo.a');
      await grantRole(handle.db, 'admin-a', 'site-admin', A);
      await grantRole(handle.db, 'root', 'federation-admin', '');
    });
    afterAll(() => handle.drop());

    const put = (
      site: string,
      batch: string,
      body: string,
      token: string | null,
      type: string | null = 'text/plain',
    ) =>
      app.request(`/api/v1/sites/${site}/accounting/batches/${batch}`, {
        method: 'PUT',
        headers: {
          ...(type ? { 'content-type': type } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
      });
    const get = (path: string, token?: string) =>
      app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const message = (records: CloudRecord[]) => renderCloudMessages(records, 1000)[0]!;

    describe('PUT /api/v1/sites/{site}/accounting/batches/{batchId}', () => {
      it('stores a batch of the agent of the site, and answers a resend with the first answer', async () => {
        const first = await put(A, 'run-1', message(SITE_A_RECORDS), 'agent-a');
        expect(first.status).toBe(201);
        expect(await first.json()).toEqual({
          batch: 'run-1',
          accepted: 3,
          superseded: 0,
          rejected: [],
          duplicate: false,
        });
        const again = await put(A, 'run-1', message(SITE_A_RECORDS), 'agent-a');
        expect(again.status).toBe(200);
        expect(await again.json()).toMatchObject({ accepted: 3, duplicate: true });
        const conflict = await put(A, 'run-1', message(SITE_B_RECORDS), 'agent-a');
        expect(conflict.status).toBe(409);
        expect(await conflict.json()).toMatchObject({ error: { code: 'CONFLICT' } });
        expect((await put(B, 'run-1', message(SITE_B_RECORDS), 'agent-b')).status).toBe(201);
      });

      it('refuses an anonymous sender (401) and the agent of another site (403)', async () => {
        const anonymous = await put(A, 'x-1', message(SITE_A_RECORDS), null);
        expect(anonymous.status).toBe(401);
        expect(await anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
        const other = await put(A, 'x-1', message(SITE_A_RECORDS), 'agent-b');
        expect(other.status).toBe(403);
        expect(await other.json()).toMatchObject({
          error: {
            code: 'FORBIDDEN',
            message:
              'agent-b may not accounting.publish on site SITE-A: needs site-agent of site SITE-A or site-admin of site SITE-A or federation-admin',
          },
        });
        // A user with no role at the site is no sender either.
        expect((await put(A, 'x-1', message(SITE_A_RECORDS), 'alice')).status).toBe(403);
      });

      it('refuses a body over 1 MiB with 413 and says what to do', async () => {
        const big = `APEL-cloud-message: v0.4\n${'MachineName: x\n'.repeat(75_000)}`;
        const response = await put(A, 'big', big, 'agent-a');
        expect(response.status).toBe(413);
        expect(await response.json()).toEqual({
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message:
              "the batch is larger than 1048576 bytes, the most one accounting message may hold (the broker's limit); send its records in smaller batches (at most 100 records a message, as SSM does)",
            details: { limit: 1_048_576 },
          },
        });
      });

      it('refuses what is not a cloud message (422), a JSON body (415) and a bad batch id (400)', async () => {
        const notCloud = await put(A, 'n-1', '{"records": []}', 'agent-a');
        expect(notCloud.status).toBe(422);
        expect(await notCloud.json()).toMatchObject({
          error: {
            code: 'INVALID_DOCUMENT',
            message:
              'the batch is not an APEL cloud message: not a cloud message: header "{"records": []}"',
          },
        });
        expect(
          (await put(A, 'n-2', message(SITE_A_RECORDS), 'agent-a', 'application/json')).status,
        ).toBe(415);
        expect((await put(A, 'n-3', message(SITE_A_RECORDS), 'agent-a', null)).status).toBe(201);
        expect((await put(A, '.hidden', message(SITE_A_RECORDS), 'agent-a')).status).toBe(400);
      });

      it('answers 404 for a site that is not registered', async () => {
        const response = await put('NOWHERE', 'n-1', message(SITE_A_RECORDS), 'root');
        expect(response.status).toBe(404);
      });
    });

    describe('GET /api/v1/accounting/usage', () => {
      const usage = async (query: string, token?: string) => {
        const response = await get(`/api/v1/accounting/usage?${query}`, token);
        return { status: response.status, body: await response.json() };
      };

      it('gives anyone the totals per site, VO and month', async () => {
        const { status, body } = await usage('groupBy=site,vo,month');
        expect(status).toBe(200);
        expect(body).toEqual({
          groupBy: ['site', 'vo', 'month'],
          from: null,
          to: null,
          rows: [
            {
              site: A,
              vo: 'vo.a',
              month: '2026-01',
              wallSeconds: 3600,
              wallHours: 1,
              cpuSeconds: 7200,
              cpuHours: 2,
              vms: 1,
              memoryMb: 4096,
              diskGb: 20,
            },
            {
              site: A,
              vo: 'vo.a',
              month: '2026-02',
              wallSeconds: 10_800,
              wallHours: 3,
              cpuSeconds: 21_600,
              cpuHours: 6,
              vms: 1,
              memoryMb: 4096,
              diskGb: 20,
            },
            {
              site: A,
              vo: 'vo.b',
              month: '2026-02',
              wallSeconds: 7200,
              wallHours: 2,
              cpuSeconds: 7200,
              cpuHours: 2,
              vms: 1,
              memoryMb: 4096,
              diskGb: 20,
            },
            {
              site: B,
              vo: 'vo.a',
              month: '2026-02',
              wallSeconds: 3600,
              wallHours: 1,
              cpuSeconds: 3600,
              cpuHours: 1,
              vms: 1,
              memoryMb: 4096,
              diskGb: 20,
            },
          ],
        });
        const feb = await usage('groupBy=vo&from=2026-02&to=2026-02');
        expect(
          feb.body.rows.map((r: { vo: string; wallHours: number }) => [r.vo, r.wallHours]),
        ).toEqual([
          ['vo.a', 4],
          ['vo.b', 2],
        ]);
        const total = await usage('site=SITE-A');
        expect(total.body.rows).toMatchObject([{ wallHours: 6, cpuHours: 10, vms: 3 }]);
      });

      it('shows per-user usage to the user, the VO manager, the site admin and the federation admin', async () => {
        const asUser = await usage('user=alice@egi.eu&groupBy=site,month', 'alice');
        expect(asUser.status).toBe(200);
        expect(
          asUser.body.rows.map((r: { site: string; month: string; wallHours: number }) => [
            r.site,
            r.month,
            r.wallHours,
          ]),
        ).toEqual([
          [A, '2026-01', 1],
          [A, '2026-02', 3],
          [B, '2026-02', 1],
        ]);
        const manager = await usage('vo=vo.a&groupBy=user', 'manager-a');
        expect(manager.body.rows).toMatchObject([{ user: 'alice@egi.eu', wallHours: 5 }]);
        const siteAdmin = await usage('site=SITE-A&groupBy=user', 'admin-a');
        expect(siteAdmin.body.rows.map((r: { user: string }) => r.user)).toEqual([
          'alice@egi.eu',
          'bob@egi.eu',
        ]);
        const root = await usage('groupBy=user,status,image,cpu', 'root');
        expect(root.status).toBe(200);
        expect(root.body.rows).toHaveLength(3);
      });

      it('refuses per-user usage to anyone else, saying how to narrow the query', async () => {
        expect((await usage('groupBy=user')).status).toBe(401);
        expect((await usage('user=alice@egi.eu')).status).toBe(401);
        const other = await usage('user=alice@egi.eu', 'bob');
        expect(other.status).toBe(403);
        expect(other.body.error.message).toBe(
          'bob@egi.eu may not read the usage of user alice@egi.eu: narrow it to site=<a site you administer>, vo=<a VO you manage> or user=bob@egi.eu, or group by site, vo and month only',
        );
        expect((await usage('vo=vo.b&groupBy=user', 'manager-a')).status).toBe(403);
        expect((await usage('site=SITE-B&groupBy=user', 'admin-a')).status).toBe(403);
        expect((await usage('groupBy=user', 'admin-a')).status).toBe(403);
        // An agent is a machine, not a user of the site: no per-user usage for it.
        expect((await usage('user=agent-a', 'agent-a')).status).toBe(403);
      });

      it('refuses malformed queries with 400', async () => {
        expect((await usage('groupBy=site,colour')).status).toBe(400);
        expect((await usage('from=2026-13')).status).toBe(400);
        const backwards = await usage('from=2026-03&to=2026-01');
        expect(backwards.status).toBe(400);
        expect(backwards.body.error.message).toBe('from (2026-03) is after to (2026-01)');
      });
    });

    it('GET /api/v1/accounting/sites gives each site its counts and last record', async () => {
      const response = await get('/api/v1/accounting/sites');
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toHaveLength(2);
      expect(body[0]).toMatchObject({
        site: A,
        registered: true,
        records: 3,
        vms: 2,
        lastReceivedAt: '2026-03-01T12:00:00.000Z',
        latestMeasurement: '2026-02-01T02:00:00.000Z',
      });
    });

    describe('GET /api/v1/accounting/export', () => {
      it("gives a site admin the site's summaries as an APEL cloud summary message", async () => {
        const response = await get('/api/v1/accounting/export?site=SITE-B', 'admin-a');
        expect(response.status).toBe(403);
        const ours = await get(
          '/api/v1/accounting/export?site=SITE-A&from=2026-01&to=2026-01',
          'admin-a',
        );
        expect(ours.status).toBe(200);
        expect(ours.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await ours.text()).toBe(
          [
            'APEL-cloud-summary-message: v0.4',
            'SiteName: SITE-A',
            'Month: 1',
            'Year: 2026',
            'GlobalUserName: alice@egi.eu',
            'VO: vo.a',
            'VOGroup: None',
            'VORole: None',
            'Status: started',
            `EarliestStartTime: ${T0}`,
            `LatestStartTime: ${T0}`,
            'WallDuration: 3600',
            'CpuDuration: 7200',
            'CpuCount: 2.0',
            'NetworkInbound: 0',
            'NetworkOutbound: 0',
            'Memory: 4096',
            'Disk: 20',
            'Benchmark: 0.0',
            'NumberOfVMs: 1',
            '%%',
            '',
          ].join('\n'),
        );
      });

      it('gives the federation admin every site, and nobody else', async () => {
        const all = await get('/api/v1/accounting/export', 'root');
        expect(all.headers.get('x-summary-count')).toBe('4');
        expect((await get('/api/v1/accounting/export')).status).toBe(401);
        expect((await get('/api/v1/accounting/export', 'admin-a')).status).toBe(403);
        expect((await get('/api/v1/accounting/export?site=SITE-A', 'alice')).status).toBe(403);
      });
    });
  },
);
