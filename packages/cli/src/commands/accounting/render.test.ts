import type { AccountingSiteEntry, AccountingUsageRow } from '@fedcloud/sdk/hub';
import { describe, expect, it } from 'vitest';
import { renderAccountingSites, renderUsage } from './render.js';

const row = (over: Partial<AccountingUsageRow>): AccountingUsageRow => ({
  wallSeconds: 0,
  wallHours: 0,
  cpuSeconds: 0,
  cpuHours: 0,
  vms: 0,
  memoryMb: 0,
  diskGb: 0,
  ...over,
});

// Two sites' January and February: 1.5 h + 2 h + 0.25 h of wall time, 3 VM-months.
const ROWS = [
  row({
    site: 'ALPHA',
    month: '2026-01',
    wallSeconds: 5400,
    wallHours: 1.5,
    cpuSeconds: 10_800,
    cpuHours: 3,
    vms: 1,
    memoryMb: 2048,
    diskGb: 20,
  }),
  row({
    site: 'ALPHA',
    month: '2026-02',
    wallSeconds: 7200,
    wallHours: 2,
    cpuSeconds: 3600,
    cpuHours: 1,
    vms: 1,
    memoryMb: 2048,
    diskGb: 20,
  }),
  row({
    site: 'BETA-LONG-NAME',
    month: '2026-02',
    wallSeconds: 900,
    wallHours: 0.25,
    cpuSeconds: 1800,
    cpuHours: 0.5,
    vms: 1,
    memoryMb: 512,
    diskGb: 5,
  }),
];

describe('renderUsage', () => {
  it('table: the dimensions, hours with two decimals, VMs, and a Total under a rule', () => {
    expect(renderUsage(ROWS, ['site', 'month'], 'table')).toBe(
      [
        '+----------------+---------+------------+-----------+-----+',
        '| Site           | Month   | Wall hours | CPU hours | VMs |',
        '+----------------+---------+------------+-----------+-----+',
        '| ALPHA          | 2026-01 |       1.50 |      3.00 |   1 |',
        '| ALPHA          | 2026-02 |       2.00 |      1.00 |   1 |',
        '| BETA-LONG-NAME | 2026-02 |       0.25 |      0.50 |   1 |',
        '+----------------+---------+------------+-----------+-----+',
        '| Total          |         |       3.75 |      4.50 |   3 |',
        '+----------------+---------+------------+-----------+-----+',
        '',
      ].join('\n'),
    );
  });

  it('table: one row has no Total; CPU counts are right-aligned; no rows is the header alone', () => {
    expect(renderUsage([row({ cpuCount: 4, wallHours: 10, vms: 2 })], ['cpu'], 'table')).toBe(
      [
        '+------+------------+-----------+-----+',
        '| CPUs | Wall hours | CPU hours | VMs |',
        '+------+------------+-----------+-----+',
        '|    4 |      10.00 |      0.00 |   2 |',
        '+------+------------+-----------+-----+',
        '',
      ].join('\n'),
    );
    expect(renderUsage([], ['vo', 'user'], 'table')).toBe(
      [
        '+----+------+------------+-----------+-----+',
        '| VO | User | Wall hours | CPU hours | VMs |',
        '+----+------+------------+-----------+-----+',
        '',
      ].join('\n'),
    );
  });

  it("csv: the hub's field names, every figure, fields quoted only when they must be", () => {
    const rows = [
      row({ vo: 'vo.a', user: 'Ann "the admin", CERN', wallSeconds: 60, wallHours: 1 / 60 }),
      row({ vo: 'vo.b', user: 'bob@egi.eu', vms: 2 }),
    ];
    expect(renderUsage(rows, ['vo', 'user'], 'csv')).toBe(
      [
        'vo,user,wallSeconds,wallHours,cpuSeconds,cpuHours,vms,memoryMb,diskGb',
        'vo.a,"Ann ""the admin"", CERN",60,0.016666666666666666,0,0,0,0,0',
        'vo.b,bob@egi.eu,0,0,0,0,2,0,0',
        '',
      ].join('\n'),
    );
    expect(renderUsage([], ['month'], 'csv')).toBe(
      'month,wallSeconds,wallHours,cpuSeconds,cpuHours,vms,memoryMb,diskGb\n',
    );
  });

  it("json: the hub's rows as they came", () => {
    expect(JSON.parse(renderUsage(ROWS, ['site', 'month'], 'json'))).toEqual(ROWS);
    expect(renderUsage([], ['site'], 'json')).toBe('[]\n');
  });
});

describe('renderAccountingSites', () => {
  const sites: AccountingSiteEntry[] = [
    {
      site: 'ALPHA',
      registered: true,
      records: 12,
      vms: 5,
      batches: 3,
      recordsReceived: 14,
      lastReceivedAt: '2026-03-01T12:00:00.000Z',
      lastBatchAt: '2026-03-01T12:00:00.000Z',
      latestMeasurement: '2026-03-01T11:45:00.000Z',
    },
    {
      site: 'GONE',
      registered: false,
      records: 0,
      vms: 0,
      batches: 0,
      recordsReceived: 0,
      lastReceivedAt: null,
      lastBatchAt: null,
      latestMeasurement: null,
    },
  ];

  it('table: counts and the date of the last record, "never" for a site that sent none', () => {
    expect(renderAccountingSites(sites, 'table')).toBe(
      [
        '+-------+------------+---------+-----+--------------------------+--------------------------+',
        '| Site  | Registered | Records | VMs | Last record received     | Latest measurement       |',
        '+-------+------------+---------+-----+--------------------------+--------------------------+',
        '| ALPHA | yes        |      12 |   5 | 2026-03-01T12:00:00.000Z | 2026-03-01T11:45:00.000Z |',
        '| GONE  | no         |       0 |   0 | never                    |                          |',
        '+-------+------------+---------+-----+--------------------------+--------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('csv: every field, empty for none', () => {
    expect(renderAccountingSites(sites, 'csv')).toBe(
      [
        'site,registered,records,vms,batches,recordsReceived,lastReceivedAt,lastBatchAt,latestMeasurement',
        'ALPHA,true,12,5,3,14,2026-03-01T12:00:00.000Z,2026-03-01T12:00:00.000Z,2026-03-01T11:45:00.000Z',
        'GONE,false,0,0,0,0,,,',
        '',
      ].join('\n'),
    );
  });
});
