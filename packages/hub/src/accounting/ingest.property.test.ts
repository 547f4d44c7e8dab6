import { type CloudRecord, renderCloudMessages } from '@fedcloud/sdk/accounting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertSite,
  type TestDatabase,
  type TestDatabaseHandle,
  testDatabases,
} from '../testing/index.js';
import { ingestCloudMessage } from './ingest.js';

/**
 * Random lives of VMs, their records delivered out of order, resent, and grouped into batches
 * (some batches resent whole), then every summary row compared with SummariseVMs computed from
 * scratch over the records a store should hold: written out plainly here, sharing nothing with
 * the incremental code but the record type.
 */

const SITES = ['SITE-A', 'SITE-B'];
const USERS = ['alice@egi.eu', undefined];
const FQANS = ['vo.a', 'vo.b', '/vo.c/sub/Role=admin'];
/** The APEL server's VO, VOGroup and VORole of each FQAN above. */
const VO_PARTS: Record<string, [string, string, string]> = {
  'vo.a': ['vo.a', 'None', 'None'],
  'vo.b': ['vo.b', 'None', 'None'],
  '/vo.c/sub/Role=admin': ['vo.c', '/vo.c/sub', 'Role=admin'],
};
const IMAGES = ['img-1', undefined];
const STATUSES = ['started', 'started', 'stopped', 'suspended', 'paused'];
/** 2026-01-20T00:00:00Z. */
const BASE = 1_768_867_200;
const HOUR = 3600;
const DAY = 24 * HOUR;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function lives(random: () => number, vmCount: number): CloudRecord[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const records: CloudRecord[] = [];
  for (let i = 0; i < vmCount; i += 1) {
    const site = pick(SITES);
    // Few UUIDs for many VMs: the same UUID turns up at both sites.
    const vmUuid = `vm-${i % Math.ceil(vmCount / 2)}`;
    const start = BASE + Math.floor(random() * 50) * DAY + Math.floor(random() * 24) * HOUR;
    const user = pick(USERS);
    const fqan = pick(FQANS);
    const image = pick(IMAGES);
    let vcpus = pick([1, 2, 4]);
    let cpu = 0;
    let netIn = 0;
    let at = start;
    const reports = 1 + Math.floor(random() * 5);
    for (let r = 0; r < reports; r += 1) {
      const step = Math.floor(random() * 12) * DAY + Math.floor(random() * 24) * HOUR + HOUR;
      if (random() < 0.25) vcpus = pick([1, 2, 4, 8]);
      cpu += step * vcpus;
      netIn += Math.floor(random() * 1000);
      at += step;
      const last = r === reports - 1;
      const completed = last && random() < 0.6;
      const record: CloudRecord = {
        vmUuid,
        siteName: site,
        status: completed ? 'completed' : pick(STATUSES),
        startTime: start,
        endTime: completed ? at : 0,
        wallDuration: at - start,
        cpuDuration: cpu,
        cpuCount: vcpus,
        memory: 1024 * vcpus,
        disk: 10 * vcpus,
        networkInbound: netIn,
        fqan,
        ...(user ? { globalUserName: user } : {}),
        ...(image ? { imageId: image } : {}),
      };
      // Without RecordCreateTime a running VM is measured at StartTime + WallDuration, the same.
      if (random() < 0.7) record.recordCreateTime = completed ? at + HOUR : at;
      records.push(record);
    }
  }
  return records;
}

interface Batch {
  site: string;
  id: string;
  records: CloudRecord[];
}

/** The records shuffled, some resent, cut into batches of one site; some batches come twice. */
function deliveries(random: () => number, records: CloudRecord[]): Batch[] {
  const sent = [...records];
  for (const record of records) if (random() < 0.3) sent.push(record);
  for (let i = sent.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [sent[i], sent[j]] = [sent[j]!, sent[i]!];
  }
  const batches: Batch[] = [];
  let n = 0;
  while (sent.length > 0) {
    const site = sent[0]!.siteName;
    const size = 1 + Math.floor(random() * 6);
    const batch: CloudRecord[] = [];
    for (let i = 0; i < sent.length && batch.length < size;) {
      if (sent[i]!.siteName === site) batch.push(...sent.splice(i, 1));
      else i += 1;
    }
    batches.push({ site, id: `batch-${(n += 1)}`, records: batch });
    if (random() < 0.2) {
      const earlier = batches[Math.floor(random() * batches.length)]!;
      batches.push(earlier);
    }
  }
  return batches;
}

function measured(record: CloudRecord): { time: number; year: number; month: number } {
  let time: number;
  if (record.status === 'completed') time = record.endTime!;
  else if (record.recordCreateTime) time = record.recordCreateTime;
  else time = record.startTime! + (record.suspendDuration ?? 0) + record.wallDuration!;
  const date = new Date(time * 1000);
  return { time, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

interface Expected {
  key: string;
  wall: number;
  cpu: number;
  netIn: number;
  netOut: number;
  memory: number;
  disk: number;
  vms: number;
  earliest: number | null;
  latest: number | null;
}

/** SummariseVMs from scratch over the records the store should hold. */
function fromScratch(batches: Batch[]): Expected[] {
  // The store: per site and VM, per month, the record measured last; of equals, the last sent.
  const held = new Map<
    string,
    { time: number; year: number; month: number; record: CloudRecord }
  >();
  const seen = new Set<string>();
  for (const batch of batches) {
    if (seen.has(batch.id)) continue;
    seen.add(batch.id);
    for (const record of batch.records) {
      const m = measured(record);
      const id = `${record.siteName} ${record.vmUuid} ${m.year} ${m.month}`;
      const now = held.get(id);
      if (!now || m.time >= now.time) held.set(id, { ...m, record });
    }
  }
  const perVm = new Map<string, { year: number; month: number; record: CloudRecord }[]>();
  for (const entry of held.values()) {
    const vm = `${entry.record.siteName} ${entry.record.vmUuid}`;
    perVm.set(vm, [...(perVm.get(vm) ?? []), entry]);
  }
  const groups = new Map<string, Expected>();
  for (const months of perVm.values()) {
    months.sort((a, b) => a.year - b.year || a.month - b.month);
    let previous: CloudRecord | undefined;
    for (const { year, month, record } of months) {
      const [vo, group, role] = VO_PARTS[record.fqan!]!;
      const key = JSON.stringify([
        record.siteName,
        'None',
        year,
        month,
        record.globalUserName ?? 'None',
        vo,
        group,
        role,
        record.status,
        'None',
        record.imageId ?? 'None',
        record.cpuCount,
        'None',
        0,
      ]);
      const row = groups.get(key) ?? {
        key,
        wall: 0,
        cpu: 0,
        netIn: 0,
        netOut: 0,
        memory: 0,
        disk: 0,
        vms: 0,
        earliest: null,
        latest: null,
      };
      row.wall += record.wallDuration! - (previous?.wallDuration ?? 0);
      row.cpu += record.cpuDuration! - (previous?.cpuDuration ?? 0);
      row.netIn += record.networkInbound! - (previous?.networkInbound ?? 0);
      row.memory += record.memory!;
      row.disk += record.disk!;
      row.vms += 1;
      row.earliest =
        row.earliest === null ? record.startTime! : Math.min(row.earliest, record.startTime!);
      row.latest =
        row.latest === null ? record.startTime! : Math.max(row.latest, record.startTime!);
      groups.set(key, row);
      previous = record;
    }
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'accounting ingest against SummariseVMs from scratch (%s)',
  (name, tdb: TestDatabase) => {
    let handle: TestDatabaseHandle;
    beforeAll(async () => {
      handle = await tdb.open();
      for (const site of SITES) await insertSite(handle.db, site);
    });
    afterAll(() => handle.drop());

    const seeds = Array.from({ length: name === 'sqlite' ? 25 : 12 }, (_, i) => 1000 + i);
    it.each(seeds)('seed %i: every summary row equals the from-scratch one', async (seed) => {
      await handle.db.deleteFrom('accounting_records').execute();
      await handle.db.deleteFrom('accounting_summaries').execute();
      await handle.db.deleteFrom('accounting_batches').execute();
      const random = prng(seed);
      const batches = deliveries(random, lives(random, 24));
      for (const batch of batches) {
        const result = await ingestCloudMessage(handle, {
          site: batch.site,
          batchId: batch.id,
          body: renderCloudMessages(batch.records, 1000)[0]!,
          publisher: 'test',
          receivedAt: new Date(),
        });
        expect(result.rejected).toEqual([]);
      }
      const rows = await handle.db.selectFrom('accounting_summaries').selectAll().execute();
      const actual = rows
        .map((r) => ({
          key: JSON.stringify([
            r.site,
            r.cloud_compute_service,
            r.year,
            r.month,
            r.global_user_name,
            r.vo,
            r.vo_group,
            r.vo_role,
            r.status,
            r.cloud_type,
            r.image_id,
            r.cpu_count,
            r.benchmark_type,
            r.benchmark,
          ]),
          wall: r.wall_duration,
          cpu: r.cpu_duration,
          netIn: r.network_inbound,
          netOut: r.network_outbound,
          memory: r.memory,
          disk: r.disk,
          vms: r.number_of_vms,
          earliest: r.earliest_start_time,
          latest: r.latest_start_time,
        }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      expect(actual).toEqual(fromScratch(batches));
    });
  },
);
