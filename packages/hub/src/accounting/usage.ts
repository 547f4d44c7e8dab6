import type { CloudSummary } from '@fedcloud/sdk/accounting';
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { AccountingSummariesTable, HubDb, HubTables } from '../db/tables.js';

export const USAGE_DIMENSIONS = ['site', 'vo', 'user', 'month', 'status', 'image', 'cpu'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export interface Month {
  year: number;
  month: number;
}

export interface UsageFilter {
  site?: string;
  vo?: string;
  /** GlobalUserName: the user's name in the site's Keystone, for federated users their `sub`. */
  user?: string;
  /** First and last month, both included. */
  from?: Month;
  to?: Month;
}

export interface UsageQuery extends UsageFilter {
  groupBy: readonly UsageDimension[];
}

/** One group's usage. Only the dimensions grouped by are present. */
export interface UsageRow {
  site?: string;
  vo?: string;
  user?: string;
  /** YYYY-MM. */
  month?: string;
  status?: string;
  image?: string;
  cpuCount?: number;
  wallSeconds: number;
  wallHours: number;
  cpuSeconds: number;
  cpuHours: number;
  /** VM-months: a VM counts once in each month (and group) it has a record in. */
  vms: number;
  /** Sums over the VM-months, as APEL keeps them: MB of memory, GB of disk. */
  memoryMb: number;
  diskGb: number;
}

type Column = keyof AccountingSummariesTable;

const COLUMNS: Record<UsageDimension, Column[]> = {
  site: ['site'],
  vo: ['vo'],
  user: ['global_user_name'],
  month: ['year', 'month'],
  status: ['status'],
  image: ['image_id'],
  cpu: ['cpu_count'],
};

type Summaries = SelectQueryBuilder<HubTables, 'accounting_summaries', object>;

function filtered(db: HubDb, filter: UsageFilter): Summaries {
  let query: Summaries = db.selectFrom('accounting_summaries');
  if (filter.site !== undefined) query = query.where('site', '=', filter.site);
  if (filter.vo !== undefined) query = query.where('vo', '=', filter.vo);
  if (filter.user !== undefined) query = query.where('global_user_name', '=', filter.user);
  const { from, to } = filter;
  if (from) {
    query = query.where((eb: ExpressionBuilder<HubTables, 'accounting_summaries'>) =>
      eb.or([
        eb('year', '>', from.year),
        eb.and([eb('year', '=', from.year), eb('month', '>=', from.month)]),
      ]),
    );
  }
  if (to) {
    query = query.where((eb: ExpressionBuilder<HubTables, 'accounting_summaries'>) =>
      eb.or([
        eb('year', '<', to.year),
        eb.and([eb('year', '=', to.year), eb('month', '<=', to.month)]),
      ]),
    );
  }
  return query;
}

const HOUR = 3600;

/** Sums of the summaries that match, per group: read from the summaries alone, never records. */
export async function accountingUsage(db: HubDb, query: UsageQuery): Promise<UsageRow[]> {
  const columns = query.groupBy.flatMap((d) => COLUMNS[d]);
  // The casts keep PostgreSQL's SUM(bigint), a numeric, a number on the way out.
  let select = filtered(db, query).select([
    ...columns,
    sql<number>`cast(sum(wall_duration) as bigint)`.as('wall'),
    sql<number>`cast(sum(cpu_duration) as bigint)`.as('cpu'),
    sql<number>`cast(sum(number_of_vms) as bigint)`.as('vms'),
    sql<number>`cast(sum(memory) as bigint)`.as('memory_mb'),
    sql<number>`cast(sum(disk) as bigint)`.as('disk_gb'),
  ]);
  if (columns.length > 0) select = select.groupBy(columns);
  for (const column of columns) select = select.orderBy(column);
  const rows = (await select.execute()) as Record<string, unknown>[];
  return rows
    .filter((row) => row.vms !== null)
    .map((row) => {
      // The dimensions first, then the figures: a table reads left to right.
      const out: Partial<UsageRow> = {};
      for (const dimension of query.groupBy) {
        if (dimension === 'site') out.site = String(row.site);
        if (dimension === 'vo') out.vo = String(row.vo);
        if (dimension === 'user') out.user = String(row.global_user_name);
        if (dimension === 'month') out.month = monthName(Number(row.year), Number(row.month));
        if (dimension === 'status') out.status = String(row.status);
        if (dimension === 'image') out.image = String(row.image_id);
        if (dimension === 'cpu') out.cpuCount = Number(row.cpu_count);
      }
      return {
        ...out,
        wallSeconds: Number(row.wall),
        wallHours: Number(row.wall) / HOUR,
        cpuSeconds: Number(row.cpu),
        cpuHours: Number(row.cpu) / HOUR,
        vms: Number(row.vms),
        memoryMb: Number(row.memory_mb),
        diskGb: Number(row.disk_gb),
      };
    });
}

function monthName(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The summaries that match, whole, in a stable order: what the APEL export sends. */
export async function accountingSummaries(db: HubDb, filter: UsageFilter): Promise<CloudSummary[]> {
  const rows = await filtered(db, filter)
    .selectAll()
    .orderBy('year')
    .orderBy('month')
    .orderBy('site')
    .orderBy('vo')
    .orderBy('global_user_name')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    siteName: row.site,
    cloudComputeService: row.cloud_compute_service,
    year: Number(row.year),
    month: Number(row.month),
    globalUserName: row.global_user_name,
    vo: row.vo,
    voGroup: row.vo_group,
    voRole: row.vo_role,
    status: row.status,
    cloudType: row.cloud_type,
    imageId: row.image_id,
    cpuCount: Number(row.cpu_count),
    benchmarkType: row.benchmark_type,
    benchmark: Number(row.benchmark),
    wallDuration: Number(row.wall_duration),
    cpuDuration: Number(row.cpu_duration),
    networkInbound: Number(row.network_inbound),
    networkOutbound: Number(row.network_outbound),
    memory: Number(row.memory),
    disk: Number(row.disk),
    numberOfVms: Number(row.number_of_vms),
    ...(row.earliest_start_time === null
      ? {}
      : { earliestStartTime: Number(row.earliest_start_time) }),
    ...(row.latest_start_time === null ? {} : { latestStartTime: Number(row.latest_start_time) }),
  }));
}
