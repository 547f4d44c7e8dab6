import type {
  AccountingDimension,
  AccountingSiteEntry,
  AccountingUsageRow,
} from '@fedcloud/sdk/hub';
import { prettyTableParts } from '../../render/prettytable.js';

export type AccountingFormat = 'table' | 'json' | 'csv';

type RowKey = keyof AccountingUsageRow;

/** Each dimension's field in a usage row (the hub's names) and its table heading. */
const DIMENSION_COLUMNS: Record<AccountingDimension, { key: RowKey; head: string }> = {
  site: { key: 'site', head: 'Site' },
  vo: { key: 'vo', head: 'VO' },
  user: { key: 'user', head: 'User' },
  month: { key: 'month', head: 'Month' },
  status: { key: 'status', head: 'Status' },
  image: { key: 'image', head: 'Image' },
  cpu: { key: 'cpuCount', head: 'CPUs' },
};

/** The figures, in the hub's order: CSV and JSON carry every one of them. */
const FIGURES: RowKey[] = [
  'wallSeconds',
  'wallHours',
  'cpuSeconds',
  'cpuHours',
  'vms',
  'memoryMb',
  'diskGb',
];

const hours = (value: number): string => value.toFixed(2);

/**
 * Usage rows as `fedcloud accounting` prints them. table: the grouped dimensions, wall and CPU
 * hours (two decimals) and VMs, with a Total line under a rule when there are several rows;
 * csv: a header of the hub's field names, then every field; json: the hub's rows as they came.
 */
export function renderUsage(
  rows: readonly AccountingUsageRow[],
  groupBy: readonly AccountingDimension[],
  format: AccountingFormat,
): string {
  const dimensions = groupBy.map((d) => DIMENSION_COLUMNS[d]);
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const keys = [...dimensions.map((d) => d.key), ...FIGURES];
    return csv(
      keys,
      rows.map((row) => keys.map((key) => row[key])),
    );
  }
  const head = [...dimensions.map((d) => d.head), 'Wall hours', 'CPU hours', 'VMs'];
  const align: ('left' | 'right')[] = [
    ...dimensions.map((d) => (d.key === 'cpuCount' ? 'right' : 'left')),
    'right',
    'right',
    'right',
  ];
  const body = rows.map((row) => [
    ...dimensions.map((d) => String(row[d.key] ?? '')),
    hours(row.wallHours),
    hours(row.cpuHours),
    String(row.vms),
  ]);
  const sum = (key: 'wallHours' | 'cpuHours' | 'vms') =>
    rows.reduce((total, row) => total + row[key], 0);
  const total =
    rows.length > 1 && dimensions.length > 0
      ? [
          ...dimensions.map((_, i) => (i === 0 ? 'Total' : '')),
          hours(sum('wallHours')),
          hours(sum('cpuHours')),
          String(sum('vms')),
        ]
      : undefined;
  return table(head, body, align, total);
}

/** The repository's per-site table: how much each site sent and when its last record came. */
export function renderAccountingSites(
  sites: readonly AccountingSiteEntry[],
  format: AccountingFormat,
): string {
  if (format === 'json') return `${JSON.stringify(sites, null, 2)}\n`;
  const keys: (keyof AccountingSiteEntry)[] = [
    'site',
    'registered',
    'records',
    'vms',
    'batches',
    'recordsReceived',
    'lastReceivedAt',
    'lastBatchAt',
    'latestMeasurement',
  ];
  if (format === 'csv') {
    return csv(
      keys,
      sites.map((site) => keys.map((key) => site[key])),
    );
  }
  return table(
    ['Site', 'Registered', 'Records', 'VMs', 'Last record received', 'Latest measurement'],
    sites.map((site) => [
      site.site,
      site.registered ? 'yes' : 'no',
      String(site.records),
      String(site.vms),
      site.lastReceivedAt ?? 'never',
      site.latestMeasurement ?? '',
    ]),
    ['left', 'left', 'right', 'right', 'left', 'left'],
  );
}

/** RFC 4180 fields: quoted when they hold a comma, a quote, a line break or edge blanks. */
function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(
  header: readonly string[],
  rows: readonly (string | number | boolean | null | undefined)[][],
): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

/** python-openstackclient's table (prettytable): a rule under the header, none between rows. */
function table(
  head: string[],
  rows: string[][],
  align: ('left' | 'right')[],
  total?: string[],
): string {
  const { rule, header, body } = prettyTableParts(head, total ? [...rows, total] : rows, align);
  const totalLine = total ? body.pop() : undefined;
  if (body.length === 0) return `${[rule, header, rule].join('\n')}\n`;
  return (
    [rule, header, rule, ...body, ...(totalLine ? [rule, totalLine] : []), rule].join('\n') + '\n'
  );
}
