import { describe, expect, it } from 'vitest';
import type { CloudRecord } from './cloud-record.js';
import { parseFqan } from './fqan.js';
import { type SummaryChange, summaryChanges, summaryKeyId, summaryKeyOf } from './summary.js';

// A 2-vCPU VM created 2026-11-30 22:00 UTC (epoch 1796076000, worked out by hand).
const START = 1_796_076_000;
const HOUR = 3600;
const base: CloudRecord = {
  vmUuid: 'vm-1',
  siteName: 'S',
  status: 'started',
  fqan: 'vo.access.egi.eu',
  startTime: START,
  endTime: 0,
  cpuCount: 2,
  memory: 4096,
};
const at = (hours: number): CloudRecord => ({
  ...base,
  wallDuration: hours * HOUR,
  cpuDuration: 2 * hours * HOUR,
});
const nov1h = at(1); // measured 23:00 Nov 30
const nov1h30 = at(1.5); // measured 23:30 Nov 30
const dec3h = at(3); // measured 01:00 Dec 1

/** Sums changes per (month, status): a stand-in for the hub's summary table. */
function totals(
  changes: SummaryChange[],
): Record<string, { wall: number; cpu: number; vms: number }> {
  const out: Record<string, { wall: number; cpu: number; vms: number }> = {};
  for (const change of changes) {
    const name = `${change.key.year}-${change.key.month}`;
    const row = (out[name] ??= { wall: 0, cpu: 0, vms: 0 });
    row.wall += change.delta.wallDuration;
    row.cpu += change.delta.cpuDuration;
    row.vms += change.delta.numberOfVms;
  }
  return out;
}

describe('summaryChanges', () => {
  it('counts a first record whole', () => {
    expect(totals(summaryChanges({ incoming: nov1h }))).toEqual({
      '2026-11': { wall: 3600, cpu: 7200, vms: 1 },
    });
  });

  it("counts a later month's record as the difference from the month before", () => {
    const changes = [
      ...summaryChanges({ incoming: nov1h }),
      ...summaryChanges({ incoming: dec3h, previous: nov1h }),
    ];
    expect(totals(changes)).toEqual({
      '2026-11': { wall: 3600, cpu: 7200, vms: 1 },
      '2026-12': { wall: 7200, cpu: 14_400, vms: 1 },
    });
  });

  it('gives the same totals when the months arrive out of order', () => {
    const changes = [
      ...summaryChanges({ incoming: dec3h }),
      ...summaryChanges({ incoming: nov1h, next: dec3h }),
    ];
    expect(totals(changes)).toEqual({
      '2026-11': { wall: 3600, cpu: 7200, vms: 1 },
      '2026-12': { wall: 7200, cpu: 14_400, vms: 1 },
    });
  });

  it('adds nothing when the same record is delivered twice', () => {
    const twice = summaryChanges({ incoming: nov1h, replaced: nov1h, next: dec3h });
    expect(totals(twice)).toEqual({
      '2026-11': { wall: 0, cpu: 0, vms: 0 },
      '2026-12': { wall: 0, cpu: 0, vms: 0 },
    });
  });

  it("re-bases the next month when a month's record is replaced by a later one", () => {
    const changes = [
      ...summaryChanges({ incoming: nov1h }),
      ...summaryChanges({ incoming: dec3h, previous: nov1h }),
      ...summaryChanges({ incoming: nov1h30, replaced: nov1h, next: dec3h }),
    ];
    // November now holds 1.5 h; December the 1.5 h from there to 3 h.
    expect(totals(changes)).toEqual({
      '2026-11': { wall: 5400, cpu: 10_800, vms: 1 },
      '2026-12': { wall: 5400, cpu: 10_800, vms: 1 },
    });
  });

  it('moves a VM between groups when its status changes within the month', () => {
    const ended: CloudRecord = { ...nov1h30, status: 'completed', endTime: START + 5400 };
    const changes = summaryChanges({ incoming: ended, replaced: nov1h });
    const byStatus = new Map<string, number>();
    for (const change of changes) {
      const vms = (byStatus.get(change.key.status) ?? 0) + change.delta.numberOfVms;
      byStatus.set(change.key.status, vms);
    }
    expect(Object.fromEntries(byStatus)).toEqual({ started: -1, completed: 1 });
  });
});

describe('summaryKeyOf', () => {
  it('fills what the record leaves out as the APEL server does', () => {
    expect(
      summaryKeyOf({ vmUuid: 'v', siteName: 'S', status: 'completed', endTime: START }),
    ).toEqual({
      siteName: 'S',
      cloudComputeService: 'None',
      year: 2026,
      month: 11,
      globalUserName: 'None',
      vo: 'None',
      voGroup: 'None',
      voRole: 'None',
      status: 'completed',
      cloudType: 'None',
      imageId: 'None',
      cpuCount: 0,
      benchmarkType: 'None',
      benchmark: 0,
    });
  });

  it('gives equal keys equal ids and different keys different ones', () => {
    const key = summaryKeyOf(nov1h);
    expect(summaryKeyId(summaryKeyOf(nov1h30))).toBe(summaryKeyId(key));
    expect(summaryKeyId({ ...key, cpuCount: 4 })).not.toBe(summaryKeyId(key));
  });
});

describe('parseFqan', () => {
  it('splits a VOMS FQAN and keeps a bare VO name whole', () => {
    expect(parseFqan('/ops/NGI/Role=lcgadmin/Capability=NULL;/ops')).toEqual({
      vo: 'ops',
      voGroup: '/ops/NGI',
      voRole: 'Role=lcgadmin',
    });
    expect(parseFqan('/dteam')).toEqual({ vo: 'dteam', voGroup: '/dteam', voRole: 'None' });
    expect(parseFqan('vo.access.egi.eu')).toEqual({
      vo: 'vo.access.egi.eu',
      voGroup: 'None',
      voRole: 'None',
    });
  });
});
