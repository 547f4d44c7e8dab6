import type { AccountingSite, AccountingUsageRow } from '@fedcloud/hub/api-types';
import { describe, expect, it } from 'vitest';
import {
  monthAxis,
  monthsBetween,
  perMonth,
  recordsCsv,
  siteLines,
  siteRecords,
  stackedBy,
  sumBy,
  totalOf,
  usageCsv,
} from './usage-data.js';

const HOUR = 3600;
const row = (
  site: string,
  vo: string,
  month: string,
  wallH: number,
  cpuH: number,
  vms = 1,
): AccountingUsageRow => ({
  site,
  vo,
  month,
  wallSeconds: wallH * HOUR,
  wallHours: wallH,
  cpuSeconds: cpuH * HOUR,
  cpuHours: cpuH,
  vms,
  memoryMb: 1024 * vms,
  diskGb: 10 * vms,
});

// Two sites, two VOs, December to February with January idle.
const ROWS = [
  row('A', 'vo.x', '2025-12', 2, 4),
  row('A', 'vo.y', '2026-02', 1, 1),
  row('B', 'vo.x', '2026-02', 3, 6, 2),
];

describe('months', () => {
  it('counts months across a year end, both ends included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsBetween('2026-03', '2026-01')).toEqual([]);
  });

  it("spans the rows' months with the gaps, or the range asked for", () => {
    expect(monthAxis(ROWS)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthAxis(ROWS, { from: '2026-01', to: '2026-03' })).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(monthAxis([])).toEqual([]);
  });
});

describe('sums', () => {
  it('adds seconds and derives hours from them', () => {
    expect(totalOf(ROWS)).toEqual({
      wallSeconds: 6 * HOUR,
      wallHours: 6,
      cpuSeconds: 11 * HOUR,
      cpuHours: 11,
      vms: 4,
      memoryMb: 4096,
      diskGb: 40,
    });
  });

  it('groups by the keys asked for, in their order', () => {
    expect(sumBy(ROWS, ['vo']).map((r) => [r.vo, r.wallHours, r.vms])).toEqual([
      ['vo.x', 5, 3],
      ['vo.y', 1, 1],
    ]);
    expect(perMonth(ROWS).map((r) => [r.month, r.cpuHours, r.vms])).toEqual([
      ['2025-12', 4, 1],
      ['2026-01', 0, 0],
      ['2026-02', 7, 3],
    ]);
  });
});

describe('stackedBy', () => {
  it('gives one series per site over every month, the largest first, ties by name', () => {
    // CPU hours: A 4 + 1, B 6.
    expect(stackedBy(ROWS, 'site', 'cpuHours')).toEqual({
      months: ['2025-12', '2026-01', '2026-02'],
      series: [
        { name: 'B', values: [0, 0, 6] },
        { name: 'A', values: [4, 0, 1] },
      ],
    });
    // Wall hours: 3 each.
    expect(stackedBy(ROWS, 'site', 'wallHours').series.map((s) => s.name)).toEqual(['A', 'B']);
  });

  it('folds what is past the limit into one Other series', () => {
    const many = ['S1', 'S2', 'S3', 'S4'].map((site, i) => row(site, 'v', '2026-01', 10 - i, 0));
    expect(stackedBy(many, 'site', 'wallHours', {}, 2).series).toEqual([
      { name: 'S1', values: [10] },
      { name: 'S2', values: [9] },
      { name: 'Other (2)', values: [15] },
    ]);
    // One past the limit is shown by name: an "Other (1)" would hide a name for nothing.
    expect(stackedBy(many.slice(0, 3), 'site', 'vms', {}, 2).series.map((s) => s.name)).toEqual([
      'S1',
      'S2',
      'S3',
    ]);
  });
});

describe('downloads', () => {
  it("usage CSV has the CLI's columns", () => {
    expect(usageCsv(sumBy(ROWS, ['site']), ['site'])).toBe(
      [
        'site,wallSeconds,wallHours,cpuSeconds,cpuHours,vms,memoryMb,diskGb',
        'A,10800,3,18000,5,2,2048,20',
        'B,10800,3,21600,6,2,2048,20',
        '',
      ].join('\n'),
    );
  });

  it('the sites table joins the counters with the usage shown, quoting where needed', () => {
    const sites: AccountingSite[] = [
      {
        site: 'A',
        registered: true,
        records: 2,
        vms: 2,
        batches: 1,
        recordsReceived: 2,
        lastReceivedAt: '2026-03-01T10:00:00.000Z',
        lastBatchAt: '2026-03-01T10:00:00.000Z',
        latestMeasurement: '2026-02-28T23:00:00.000Z',
      },
      {
        site: 'New, Site',
        registered: true,
        records: 0,
        vms: 0,
        batches: 0,
        recordsReceived: 0,
        lastReceivedAt: null,
        lastBatchAt: null,
        latestMeasurement: null,
      },
    ];
    expect(recordsCsv(siteRecords(siteLines(sites, ROWS)))).toBe(
      [
        'site,registered,wallHours,cpuHours,vms,records,lastReceivedAt,latestMeasurement',
        'A,true,3,5,2,2,2026-03-01T10:00:00.000Z,2026-02-28T23:00:00.000Z',
        '"New, Site",true,0,0,0,0,,',
        '',
      ].join('\n'),
    );
  });
});
