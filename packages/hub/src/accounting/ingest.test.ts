import { type CloudRecord, renderCloudMessages } from '@fedcloud/sdk/accounting';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  insertSite,
  type TestDatabase,
  type TestDatabaseHandle,
  testDatabases,
} from '../testing/index.js';
import { ingestCloudMessage, type IngestResult } from './ingest.js';
import { accountingSites } from './sites.js';
import { accountingUsage } from './usage.js';

const A = 'SITE-A';
const B = 'SITE-B';
const HOUR = 3600;
/** 2026-01-31T22:00:00Z: VM1 starts two hours before the February boundary. */
const T0 = 1_769_896_800;
/** 2026-01-15T00:00:00Z and 2026-02-10T00:00:00Z. */
const JAN15 = 1_768_435_200;
const FEB10 = 1_770_681_600;

// VM1 at SITE-A, vo.a, alice: 2 vCPUs, 4096 MB, then resized to 4 vCPUs, 8192 MB, stopped,
// deleted. CpuDuration is cASO's: wall × the vCPUs it has now, cumulative since the start.
const vm1 = (over: Partial<CloudRecord>): CloudRecord => ({
  vmUuid: 'vm-1',
  siteName: A,
  globalUserName: 'alice@egi.eu',
  fqan: 'vo.a',
  status: 'started',
  startTime: T0,
  endTime: 0,
  cpuCount: 2,
  memory: 4096,
  disk: 20,
  ...over,
});
// Run 1, Jan 31 23:00: 1 h.
const run1 = vm1({ recordCreateTime: T0 + HOUR, wallDuration: HOUR, cpuDuration: 2 * HOUR });
// Run 2, Feb 1 02:00: 4 h in all.
const run2 = vm1({
  recordCreateTime: T0 + 4 * HOUR,
  wallDuration: 4 * HOUR,
  cpuDuration: 8 * HOUR,
});
// Run 3, Feb 1 06:00, after the resize: 8 h, CPU 8 h × 4.
const run3 = vm1({
  recordCreateTime: T0 + 8 * HOUR,
  wallDuration: 8 * HOUR,
  cpuDuration: 32 * HOUR,
  cpuCount: 4,
  memory: 8192,
});
// Run 4, Feb 1 10:00, stopped: 12 h.
const run4 = vm1({
  recordCreateTime: T0 + 12 * HOUR,
  status: 'stopped',
  wallDuration: 12 * HOUR,
  cpuDuration: 48 * HOUR,
  cpuCount: 4,
  memory: 8192,
});
// Run 5, Feb 2 22:00, deleted: 48 h; a completed record is measured at its EndTime.
const run5 = vm1({
  recordCreateTime: T0 + 50 * HOUR,
  status: 'completed',
  endTime: T0 + 48 * HOUR,
  wallDuration: 48 * HOUR,
  cpuDuration: 192 * HOUR,
  cpuCount: 4,
  memory: 8192,
});
// VM2 at SITE-A, vo.b, bob: 1 vCPU from Feb 10 00:00, reported at 05:00.
const vm2: CloudRecord = {
  vmUuid: 'vm-2',
  siteName: A,
  globalUserName: 'bob@egi.eu',
  fqan: 'vo.b',
  status: 'started',
  startTime: FEB10,
  endTime: 0,
  recordCreateTime: FEB10 + 5 * HOUR,
  wallDuration: 5 * HOUR,
  cpuDuration: 5 * HOUR,
  cpuCount: 1,
  memory: 2048,
  disk: 10,
};
// VM3 at SITE-B, vo.a, alice: Jan 15, 10 h, completed.
const vm3: CloudRecord = {
  vmUuid: 'vm-3',
  siteName: B,
  globalUserName: 'alice@egi.eu',
  fqan: 'vo.a',
  status: 'completed',
  startTime: JAN15,
  endTime: JAN15 + 10 * HOUR,
  wallDuration: 10 * HOUR,
  cpuDuration: 10 * HOUR,
  cpuCount: 1,
  memory: 2048,
  disk: 10,
};
// At SITE-B a VM with VM1's very UUID: another site's VM, which must not touch VM1.
const twin: CloudRecord = {
  vmUuid: 'vm-1',
  siteName: B,
  globalUserName: 'carol@egi.eu',
  fqan: 'vo.b',
  status: 'started',
  startTime: T0 + 2 * HOUR,
  endTime: 0,
  recordCreateTime: T0 + 3 * HOUR,
  wallDuration: HOUR,
  cpuDuration: HOUR,
  cpuCount: 1,
  memory: 1024,
  disk: 5,
};

/**
 * The truth, worked out by hand. VM1: January holds run 1 (1 h wall, 2 h CPU); February the
 * rest of its life, 48 h − 1 h = 47 h wall and 192 h − 2 h = 190 h CPU, in the group of its last
 * record (completed, 4 vCPUs, 8192 MB).
 */
const EXPECTED = [
  { site: A, vo: 'vo.a', month: '2026-01', wallSeconds: 3600, cpuSeconds: 7200, vms: 1 },
  { site: A, vo: 'vo.a', month: '2026-02', wallSeconds: 169_200, cpuSeconds: 684_000, vms: 1 },
  { site: A, vo: 'vo.b', month: '2026-02', wallSeconds: 18_000, cpuSeconds: 18_000, vms: 1 },
  { site: B, vo: 'vo.a', month: '2026-01', wallSeconds: 36_000, cpuSeconds: 36_000, vms: 1 },
  { site: B, vo: 'vo.b', month: '2026-02', wallSeconds: 3600, cpuSeconds: 3600, vms: 1 },
];

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'accounting ingest (%s)',
  (_name, tdb: TestDatabase) => {
    let handle: TestDatabaseHandle;
    let batchNumber = 0;
    beforeEach(async () => {
      handle = await tdb.open();
      await insertSite(handle.db, A);
      await insertSite(handle.db, B);
      batchNumber = 0;
    });
    afterEach(() => handle.drop());

    const send = (
      site: string,
      records: CloudRecord[] | string,
      batchId = `b-${(batchNumber += 1)}`,
    ): Promise<IngestResult> =>
      ingestCloudMessage(handle, {
        site,
        batchId,
        body: typeof records === 'string' ? records : (renderCloudMessages(records, 1000)[0] ?? ''),
        publisher: `agent-${site}`,
        receivedAt: new Date('2026-03-01T00:00:00Z'),
      });
    const totals = async () =>
      (await accountingUsage(handle.db, { groupBy: ['site', 'vo', 'month'] })).map((row) => ({
        site: row.site,
        vo: row.vo,
        month: row.month,
        wallSeconds: row.wallSeconds,
        cpuSeconds: row.cpuSeconds,
        vms: row.vms,
      }));
    const summaryRows = () =>
      handle.db
        .selectFrom('accounting_summaries')
        .selectAll()
        .orderBy('site')
        .orderBy('year')
        .orderBy('month')
        .orderBy('vo')
        .execute();

    it('sums a VM across a month boundary, resized, stopped and deleted, on two sites and two VOs', async () => {
      for (const run of [run1, run2, run3, run4]) await send(A, [run]);
      await send(A, [run5, vm2]);
      await send(B, [vm3]);
      await send(B, [twin]);
      expect(await totals()).toEqual(EXPECTED);

      // VM1's February is one VM-month in the group of its last record, nothing left elsewhere.
      const rows = await summaryRows();
      expect(rows).toHaveLength(5);
      expect(rows[1]).toMatchObject({
        site: A,
        year: 2026,
        month: 2,
        vo: 'vo.a',
        vo_group: 'None',
        vo_role: 'None',
        global_user_name: 'alice@egi.eu',
        status: 'completed',
        cpu_count: 4,
        memory: 8192,
        disk: 20,
        number_of_vms: 1,
        earliest_start_time: T0,
        latest_start_time: T0,
      });
      const stored = await handle.db
        .selectFrom('accounting_records')
        .select(['site', 'vm_uuid', 'year', 'month', 'wall_duration', 'batch_id'])
        .orderBy('site')
        .orderBy('vm_uuid')
        .orderBy('month')
        .execute();
      expect(stored).toEqual([
        { site: A, vm_uuid: 'vm-1', year: 2026, month: 1, wall_duration: 3600, batch_id: 'b-1' },
        { site: A, vm_uuid: 'vm-1', year: 2026, month: 2, wall_duration: 172_800, batch_id: 'b-5' },
        { site: A, vm_uuid: 'vm-2', year: 2026, month: 2, wall_duration: 18_000, batch_id: 'b-5' },
        { site: B, vm_uuid: 'vm-1', year: 2026, month: 2, wall_duration: 3600, batch_id: 'b-7' },
        { site: B, vm_uuid: 'vm-3', year: 2026, month: 1, wall_duration: 36_000, batch_id: 'b-6' },
      ]);
      const sites = await accountingSites(handle.db);
      expect(
        sites.map(({ site, records, vms, batches, recordsReceived }) => ({
          site,
          records,
          vms,
          batches,
          recordsReceived,
        })),
      ).toEqual([
        { site: A, records: 3, vms: 2, batches: 5, recordsReceived: 6 },
        { site: B, records: 2, vms: 2, batches: 2, recordsReceived: 2 },
      ]);
      expect(sites[0]?.latestMeasurement).toBe('2026-02-10T05:00:00.000Z');
    });

    it('gives the same totals whatever order the records and months arrive in', async () => {
      await send(B, [twin, vm3]);
      await send(A, [vm2, run5]);
      await send(A, [run3]);
      await send(A, [run1]);
      await send(A, [run4, run2]);
      expect(await totals()).toEqual(EXPECTED);
    });

    it('changes nothing when the same batch arrives twice, and answers as the first time', async () => {
      const first = await send(A, [run1, run2], 'twice');
      const again = await send(A, [run1, run2], 'twice');
      expect(first).toEqual({
        batch: 'twice',
        accepted: 2,
        superseded: 0,
        rejected: [],
        duplicate: false,
      });
      expect(again).toEqual({ ...first, duplicate: true });
      // The same records in a new batch replace themselves: still no change.
      await send(A, [run2, run1]);
      expect(await totals()).toEqual([
        { site: A, vo: 'vo.a', month: '2026-01', wallSeconds: 3600, cpuSeconds: 7200, vms: 1 },
        { site: A, vo: 'vo.a', month: '2026-02', wallSeconds: 10_800, cpuSeconds: 21_600, vms: 1 },
      ]);
      const [site] = await accountingSites(handle.db);
      expect(site).toMatchObject({ batches: 2, records: 2, recordsReceived: 4 });
    });

    it('keeps the newer record of a VM-month when an older one arrives after it', async () => {
      await send(A, [run1, run4]);
      // A retried old message: run 2 and run 3 were measured before run 4.
      const late = await send(A, [run2, run3]);
      expect(late).toMatchObject({ accepted: 2, superseded: 2, rejected: [] });
      expect(await totals()).toEqual([
        { site: A, vo: 'vo.a', month: '2026-01', wallSeconds: 3600, cpuSeconds: 7200, vms: 1 },
        { site: A, vo: 'vo.a', month: '2026-02', wallSeconds: 39_600, cpuSeconds: 165_600, vms: 1 },
      ]);
      const rows = await summaryRows();
      expect(rows.map((r) => r.status)).toEqual(['started', 'stopped']);
    });

    it('rejects unreadable and foreign records with their reasons and stores the rest', async () => {
      const body = [
        'APEL-cloud-message: v0.4',
        renderCloudMessages([run1])[0]!.split('\n').slice(1).join('\n').trim(),
        'VMUUID: broken\nSiteName: SITE-A\nWallDuration: lots',
        renderCloudMessages([vm3])[0]!.split('\n').slice(1).join('\n').trim(),
        'SiteName: SITE-A\nWallDuration: 5',
        renderCloudMessages([vm2])[0]!.split('\n').slice(1).join('\n').trim(),
      ].join('\n%%\n');
      expect(await send(A, body)).toEqual({
        batch: 'b-1',
        accepted: 2,
        superseded: 0,
        rejected: [
          { index: 1, vmUuid: 'broken', reason: 'field WallDuration is not an integer: "lots"' },
          {
            index: 2,
            vmUuid: 'vm-3',
            reason: 'SiteName SITE-B is not SITE-A: a site submits only its own records',
          },
          { index: 3, reason: 'mandatory field VMUUID missing' },
        ],
        duplicate: false,
      });
      expect((await totals()).map((t) => `${t.site} ${t.vo} ${t.month}`)).toEqual([
        'SITE-A vo.a 2026-01',
        'SITE-A vo.b 2026-02',
      ]);
    });

    it('refuses a batch id used again for another body, and changes nothing', async () => {
      await send(A, [run1], 'one');
      await expect(send(A, [run2], 'one')).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining(
          'batch one of site SITE-A was received at 2026-03-01T00:00:00.000Z with another body',
        ),
      });
      // The same id at another site is another batch.
      await expect(send(B, [vm3], 'one')).resolves.toMatchObject({ accepted: 1 });
      expect(await totals()).toHaveLength(2);
    });

    it('refuses a message that is not a cloud message, and keeps no trace of it', async () => {
      await expect(send(A, 'APEL-summary-job-message: v0.3\nSite: X', 'x')).rejects.toMatchObject({
        code: 'INVALID_DOCUMENT',
        message:
          'the batch is not an APEL cloud message: not a cloud message: header "APEL-summary-job-message: v0.3"',
      });
      // The id is free again: the refusal stored nothing.
      await expect(send(A, [run1], 'x')).resolves.toMatchObject({ accepted: 1, duplicate: false });
    });

    it('counts every VM once when batches of one site arrive at the same time', async () => {
      const results = await Promise.all([
        send(A, [run1, run2], 'same'),
        send(A, [run1, run2], 'same'),
        send(A, [run3]),
        send(A, [run4, vm2]),
        send(A, [run5]),
      ]);
      expect(results.filter((r) => r.duplicate)).toHaveLength(1);
      expect(await totals()).toEqual(EXPECTED.filter((row) => row.site === A));
    });

    it('refuses a site that is not registered', async () => {
      await expect(send('NOWHERE', [{ ...run1, siteName: 'NOWHERE' }])).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it("finds a group's earliest and latest start again when the VM holding one leaves", async () => {
      const early = {
        ...vm2,
        vmUuid: 'early',
        startTime: FEB10 - 2 * HOUR,
        wallDuration: 7 * HOUR,
      };
      const late = { ...vm2, vmUuid: 'late', startTime: FEB10 + 2 * HOUR, wallDuration: 3 * HOUR };
      await send(A, [early, vm2, late]);
      let [row] = await summaryRows();
      expect(row).toMatchObject({
        number_of_vms: 3,
        earliest_start_time: FEB10 - 7200,
        latest_start_time: FEB10 + 7200,
      });
      // Both ends stop within the month: they move to the stopped group.
      await send(A, [
        { ...early, status: 'stopped', recordCreateTime: FEB10 + 6 * HOUR },
        { ...late, status: 'stopped', recordCreateTime: FEB10 + 6 * HOUR },
      ]);
      const rows = await summaryRows();
      row = rows.find((r) => r.status === 'started');
      expect(row).toMatchObject({
        number_of_vms: 1,
        earliest_start_time: FEB10,
        latest_start_time: FEB10,
      });
      expect(rows.find((r) => r.status === 'stopped')).toMatchObject({
        number_of_vms: 2,
        earliest_start_time: FEB10 - 7200,
        latest_start_time: FEB10 + 7200,
      });
      // The last one leaves too: the group is gone.
      await send(A, [{ ...vm2, status: 'stopped', recordCreateTime: FEB10 + 6 * HOUR }]);
      expect((await summaryRows()).map((r) => [r.status, r.number_of_vms])).toEqual([
        ['stopped', 3],
      ]);
    });

    it('on PostgreSQL, renews the statistics in the background once 1024 records are in', async () => {
      if (_name !== 'postgres') return;
      const analyzed = async () => {
        const result = await sql<{ n: number }>`
          SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = 'accounting_records'
        `.execute(handle.db);
        return Number(result.rows[0]?.n ?? 0);
      };
      const many = (from: number, count: number): CloudRecord[] =>
        Array.from({ length: count }, (_, i) => vm1({ vmUuid: `vm-many-${from + i}` }));
      // 1000 records: under the first threshold, nothing is analysed.
      await send(A, many(0, 1000));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await analyzed()).toBe(0);
      // 24 more make 1024: one ANALYZE, which the ingest did not wait for.
      await send(A, many(1000, 24));
      let count = 0;
      for (let tries = 0; tries < 100 && count === 0; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        count = await analyzed();
      }
      expect(count).toBe(1);
    });
  },
);
