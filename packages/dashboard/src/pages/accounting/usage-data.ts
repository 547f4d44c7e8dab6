import type { AccountingSite, AccountingUsageRow } from '@fedcloud/hub/api-types';

/** Pure shaping of the hub's accounting rows for the charts, tables and downloads. */

export type Metric = 'wallHours' | 'cpuHours' | 'vms';

export const METRICS: { value: Metric; label: string; unit: string }[] = [
  { value: 'wallHours', label: 'Wall-clock hours', unit: 'h' },
  { value: 'cpuHours', label: 'CPU hours', unit: 'h' },
  { value: 'vms', label: 'VMs', unit: 'VMs' },
];

export const metricLabel = (metric: Metric): string =>
  METRICS.find((m) => m.value === metric)?.label ?? metric;

type Figures = Pick<
  AccountingUsageRow,
  'wallSeconds' | 'wallHours' | 'cpuSeconds' | 'cpuHours' | 'vms' | 'memoryMb' | 'diskGb'
>;

const HOUR = 3600;

function zero(): Figures {
  return {
    wallSeconds: 0,
    wallHours: 0,
    cpuSeconds: 0,
    cpuHours: 0,
    vms: 0,
    memoryMb: 0,
    diskGb: 0,
  };
}

/** Adds a row's figures to a running sum; hours follow from the summed seconds, never rounding drift. */
function add(sum: Figures, row: Figures): void {
  sum.wallSeconds += row.wallSeconds;
  sum.cpuSeconds += row.cpuSeconds;
  sum.wallHours = sum.wallSeconds / HOUR;
  sum.cpuHours = sum.cpuSeconds / HOUR;
  sum.vms += row.vms;
  sum.memoryMb += row.memoryMb;
  sum.diskGb += row.diskGb;
}

export function totalOf(rows: readonly AccountingUsageRow[]): Figures {
  const sum = zero();
  for (const row of rows) add(sum, row);
  return sum;
}

type Key = 'site' | 'vo' | 'user' | 'month';

/** The rows summed per value of `keys` (e.g. site and month out of site, VO and month), in key order. */
export function sumBy(
  rows: readonly AccountingUsageRow[],
  keys: readonly Key[],
): AccountingUsageRow[] {
  const groups = new Map<string, AccountingUsageRow>();
  for (const row of rows) {
    const id = JSON.stringify(keys.map((key) => row[key] ?? ''));
    let group = groups.get(id);
    if (!group) {
      group = { ...Object.fromEntries(keys.map((key) => [key, row[key] ?? ''])), ...zero() };
      groups.set(id, group);
    }
    add(group, row);
  }
  return [...groups.values()].sort((a, b) => {
    for (const key of keys) {
      const order = (a[key] ?? '').localeCompare(b[key] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** Every month from `first` to `last` (YYYY-MM, both included); at most 240. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  const end = last;
  for (let i = 0; i < 240; i += 1) {
    const name = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (name > end) break;
    months.push(name);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** The chart's month axis: from..to when given, else the months the rows span, gaps included. */
export function monthAxis(
  rows: readonly AccountingUsageRow[],
  range: { from?: string; to?: string } = {},
): string[] {
  const months = rows.map((row) => row.month).filter((m): m is string => m !== undefined);
  if (months.length === 0) return [];
  const sorted = [...months].sort();
  const first = range.from ?? sorted[0]!;
  const last = range.to ?? sorted.at(-1)!;
  return monthsBetween(first, last);
}

export interface StackedSeries {
  months: string[];
  series: { name: string; values: number[] }[];
}

/**
 * One series per site (or VO) over the months, the largest first; past `limit` the rest are one
 * "Other" series, so a federation of 300 sites still reads as a chart.
 */
export function stackedBy(
  rows: readonly AccountingUsageRow[],
  key: 'site' | 'vo',
  metric: Metric,
  range: { from?: string; to?: string } = {},
  limit = 8,
): StackedSeries {
  const months = monthAxis(rows, range);
  const index = new Map(months.map((month, i) => [month, i]));
  const perName = new Map<string, number[]>();
  const totals = new Map<string, number>();
  for (const row of sumBy(rows, [key, 'month'])) {
    const name = row[key] ?? '';
    const at = index.get(row.month ?? '');
    if (at === undefined) continue;
    let values = perName.get(name);
    if (!values) {
      values = months.map(() => 0);
      perName.set(name, values);
    }
    values[at] = (values[at] ?? 0) + row[metric];
    totals.set(name, (totals.get(name) ?? 0) + row[metric]);
  }
  const ranked = [...perName.keys()].sort(
    (a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b),
  );
  const shown = ranked.length > limit + 1 ? ranked.slice(0, limit) : ranked;
  const rest = ranked.slice(shown.length);
  const series = shown.map((name) => ({ name, values: perName.get(name) ?? [] }));
  if (rest.length > 0) {
    series.push({
      name: `Other (${rest.length})`,
      values: months.map((_, i) =>
        rest.reduce((sum, name) => sum + (perName.get(name)?.[i] ?? 0), 0),
      ),
    });
  }
  return { months, series };
}

/** The federation's figures per month, every month of the axis present (zero when idle). */
export function perMonth(
  rows: readonly AccountingUsageRow[],
  range: { from?: string; to?: string } = {},
): AccountingUsageRow[] {
  const byMonth = new Map(sumBy(rows, ['month']).map((row) => [row.month, row]));
  return monthAxis(rows, range).map((month) => byMonth.get(month) ?? { month, ...zero() });
}

export interface SiteLine {
  site: string;
  registered: boolean;
  usage: Figures;
  records: number;
  lastReceivedAt: string | null;
  latestMeasurement: string | null;
}

/** The per-site table: the repository's counters beside each site's usage in the view. */
export function siteLines(
  sites: readonly AccountingSite[],
  rows: readonly AccountingUsageRow[],
): SiteLine[] {
  const usage = new Map(sumBy(rows, ['site']).map((row) => [row.site, row]));
  return sites.map((site) => ({
    site: site.site,
    registered: site.registered,
    usage: usage.get(site.site) ?? zero(),
    records: site.records,
    lastReceivedAt: site.lastReceivedAt,
    latestMeasurement: site.latestMeasurement,
  }));
}

const FIGURE_KEYS = [
  'wallSeconds',
  'wallHours',
  'cpuSeconds',
  'cpuHours',
  'vms',
  'memoryMb',
  'diskGb',
] as const;

type Cell = string | number | boolean | null | undefined;

/** RFC 4180: a field is quoted when it holds a comma, a quote, a line break or edge blanks. */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

/** Usage rows as `fedcloud accounting -f csv` prints them: the keys, then every figure. */
export function usageCsv(rows: readonly AccountingUsageRow[], keys: readonly Key[]): string {
  const header = [...keys, ...FIGURE_KEYS];
  return toCsv(
    header,
    rows.map((row) => header.map((key) => row[key as keyof AccountingUsageRow])),
  );
}

/** The per-site table as CSV and as JSON objects, with the same fields. */
export function siteRecords(lines: readonly SiteLine[]): Record<string, Cell>[] {
  return lines.map((line) => ({
    site: line.site,
    registered: line.registered,
    wallHours: line.usage.wallHours,
    cpuHours: line.usage.cpuHours,
    vms: line.usage.vms,
    records: line.records,
    lastReceivedAt: line.lastReceivedAt,
    latestMeasurement: line.latestMeasurement,
  }));
}

export function recordsCsv(records: readonly Record<string, Cell>[]): string {
  const header = Object.keys(records[0] ?? {});
  return toCsv(
    header,
    records.map((record) => header.map((key) => record[key])),
  );
}
