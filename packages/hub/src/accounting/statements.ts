import { CompiledQuery } from 'kysely';
import type { DialectName } from '../db/database.js';
import { RECORD_COLUMNS, RECORD_COLUMN_TYPES } from './record-columns.js';

/**
 * The ingest's SQL, written out per dialect and handed to the driver as is: a batch runs a few
 * statements of many rows each, and building them through the query builder cost more than
 * running them. On SQLite each text is one of a few fixed shapes (row counts are made of fixed
 * chunk sizes, id lists padded), so the hub's statement cache prepares each once; on PostgreSQL
 * every statement is one text whatever the row count, its rows passed as arrays to `unnest`.
 */
export type Row = readonly unknown[];

/** SQLite chunk sizes, largest first: any count is a sum of them, in few statements. */
const CHUNKS = [256, 64, 16, 4, 1] as const;
/** SQLite IN-list sizes: a list is padded to the next one (repeating its last id). */
const LIST_SIZES = [1, 8, 64, 512] as const;

const SUMMARY_KEY_COLUMNS = [
  'year',
  'month',
  'site',
  'vo',
  'global_user_name',
  'cloud_compute_service',
  'vo_group',
  'vo_role',
  'status',
  'cloud_type',
  'image_id',
  'cpu_count',
  'benchmark_type',
  'benchmark',
] as const;

const SUMMARY_SUM_COLUMNS = [
  'wall_duration',
  'cpu_duration',
  'network_inbound',
  'network_outbound',
  'memory',
  'disk',
  'number_of_vms',
] as const;

/** The columns of a summary upsert's rows, in order. */
const SUMMARY_WRITE_COLUMNS = [
  ...SUMMARY_KEY_COLUMNS,
  ...SUMMARY_SUM_COLUMNS,
  'earliest_start_time',
  'latest_start_time',
  'updated_at',
] as const;

const SUMMARY_COLUMN_TYPES: Record<(typeof SUMMARY_WRITE_COLUMNS)[number], string> = {
  year: 'integer',
  month: 'integer',
  site: 'text',
  vo: 'text',
  global_user_name: 'text',
  cloud_compute_service: 'text',
  vo_group: 'text',
  vo_role: 'text',
  status: 'text',
  cloud_type: 'text',
  image_id: 'text',
  cpu_count: 'double precision',
  benchmark_type: 'text',
  benchmark: 'double precision',
  wall_duration: 'bigint',
  cpu_duration: 'bigint',
  network_inbound: 'bigint',
  network_outbound: 'bigint',
  memory: 'bigint',
  disk: 'bigint',
  number_of_vms: 'bigint',
  earliest_start_time: 'bigint',
  latest_start_time: 'bigint',
  updated_at: 'text',
};

/** What a summary upsert gives back of each row it wrote. */
export interface UpsertedSummary {
  id: number;
  year: number;
  month: number;
  site: string;
  vo: string;
  global_user_name: string;
  cloud_compute_service: string;
  vo_group: string;
  vo_role: string;
  status: string;
  cloud_type: string;
  image_id: string;
  cpu_count: number;
  benchmark_type: string;
  benchmark: number;
  number_of_vms: number;
  earliest_start_time: number | null;
  latest_start_time: number | null;
}

const RETURNING = `RETURNING id, ${SUMMARY_KEY_COLUMNS.join(', ')}, number_of_vms, earliest_start_time, latest_start_time`;

export interface AccountingStatements {
  /** Every stored month of the given VMs of a site. */
  storedMonths(site: string, vmUuids: readonly string[]): CompiledQuery[];
  upsertRecords(rows: readonly Row[]): CompiledQuery[];
  /** Adds each row's sums to its summary (created when missing); returns what they became. */
  upsertSummaries(rows: readonly Row[]): CompiledQuery[];
  /** Finds the earliest and latest start of these summaries again from their records. */
  recomputeStarts(ids: readonly number[]): CompiledQuery[];
  deleteSummaries(ids: readonly number[]): CompiledQuery[];
}

const cache = new Map<DialectName, AccountingStatements>();

export function accountingStatements(dialect: DialectName): AccountingStatements {
  let statements = cache.get(dialect);
  if (!statements) {
    statements = dialect === 'postgres' ? postgresStatements() : sqliteStatements();
    cache.set(dialect, statements);
  }
  return statements;
}

const recordConflict = `ON CONFLICT (site, vm_uuid, year, month) DO UPDATE SET ${RECORD_COLUMNS.filter(
  (c) => !['site', 'vm_uuid', 'year', 'month'].includes(c),
)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}`;

type Bound = (a: string, b: string) => string;

const summaryConflict = (least: Bound, greatest: Bound) =>
  `ON CONFLICT (${SUMMARY_KEY_COLUMNS.join(', ')}) DO UPDATE SET ${[
    ...SUMMARY_SUM_COLUMNS.map((c) => `${c} = accounting_summaries.${c} + excluded.${c}`),
    `earliest_start_time = ${least('accounting_summaries.earliest_start_time', 'excluded.earliest_start_time')}`,
    `latest_start_time = ${greatest('accounting_summaries.latest_start_time', 'excluded.latest_start_time')}`,
    'updated_at = excluded.updated_at',
  ].join(', ')}`;

const recomputeSet = (where: string) =>
  `UPDATE accounting_summaries SET ` +
  `earliest_start_time = (SELECT r.start_time FROM accounting_records r WHERE r.summary_id = accounting_summaries.id AND r.start_time > 0 ORDER BY r.start_time LIMIT 1), ` +
  `latest_start_time = (SELECT r.start_time FROM accounting_records r WHERE r.summary_id = accounting_summaries.id AND r.start_time > 0 ORDER BY r.start_time DESC LIMIT 1) ` +
  where;

function sqliteStatements(): AccountingStatements {
  const texts = new Map<string, string>();
  const text = (name: string, size: number, build: (size: number) => string) => {
    const id = `${name}:${size}`;
    let sql = texts.get(id);
    if (sql === undefined) {
      sql = build(size);
      texts.set(id, sql);
    }
    return sql;
  };
  const values = (columns: number, rows: number) => {
    const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    return Array.from({ length: rows }, () => row).join(', ');
  };
  const inList = (size: number) => Array.from({ length: size }, () => '?').join(', ');

  /** Rows in chunks of the fixed sizes, each chunk one statement. */
  const chunked = (rows: readonly Row[], name: string, build: (size: number) => string) => {
    const queries: CompiledQuery[] = [];
    let at = 0;
    while (at < rows.length) {
      const size = CHUNKS.find((c) => c <= rows.length - at) ?? 1;
      const parameters: unknown[] = [];
      for (let i = at; i < at + size; i += 1) for (const v of rows[i]!) parameters.push(v);
      queries.push(CompiledQuery.raw(text(name, size, build), parameters));
      at += size;
    }
    return queries;
  };
  /** Ids in lists of the fixed sizes, the last padded by repeating its last id. */
  const listed = <T>(
    items: readonly T[],
    name: string,
    build: (size: number) => string,
    head: readonly unknown[] = [],
  ) => {
    const queries: CompiledQuery[] = [];
    const largest = LIST_SIZES[LIST_SIZES.length - 1]!;
    for (let at = 0; at < items.length; at += largest) {
      const part = items.slice(at, at + largest);
      const size = LIST_SIZES.find((s) => s >= part.length) ?? largest;
      const padded = [...part];
      while (padded.length < size) padded.push(part[part.length - 1]!);
      queries.push(CompiledQuery.raw(text(name, size, build), [...head, ...padded]));
    }
    return queries;
  };
  const coalesced = (fn: string) => (a: string, b: string) =>
    `coalesce(${fn}(${a}, ${b}), ${a}, ${b})`;

  return {
    storedMonths: (site, vmUuids) =>
      listed(
        vmUuids,
        'stored',
        (size) =>
          `SELECT * FROM accounting_records WHERE site = ? AND vm_uuid IN (${inList(size)})`,
        [site],
      ),
    upsertRecords: (rows) =>
      chunked(
        rows,
        'records',
        (size) =>
          `INSERT INTO accounting_records (${RECORD_COLUMNS.join(', ')}) VALUES ${values(RECORD_COLUMNS.length, size)} ${recordConflict}`,
      ),
    upsertSummaries: (rows) =>
      chunked(
        rows,
        'summaries',
        (size) =>
          `INSERT INTO accounting_summaries (${SUMMARY_WRITE_COLUMNS.join(', ')}) VALUES ${values(SUMMARY_WRITE_COLUMNS.length, size)} ` +
          `${summaryConflict(coalesced('min'), coalesced('max'))} ${RETURNING}`,
      ),
    recomputeStarts: (ids) =>
      listed(ids, 'recompute', (size) => recomputeSet(`WHERE id IN (${inList(size)})`)),
    deleteSummaries: (ids) =>
      listed(
        ids,
        'delete',
        (size) => `DELETE FROM accounting_summaries WHERE id IN (${inList(size)})`,
      ),
  };
}

function postgresStatements(): AccountingStatements {
  /** One array parameter per column: rows transposed. */
  const columnsOf = (rows: readonly Row[], width: number) => {
    const columns: unknown[][] = Array.from(
      { length: width },
      () => new Array<unknown>(rows.length),
    );
    rows.forEach((row, r) => {
      for (let c = 0; c < width; c += 1) columns[c]![r] = row[c];
    });
    return columns;
  };
  const unnest = (types: readonly string[]) =>
    `SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  const recordsSql =
    `INSERT INTO accounting_records (${RECORD_COLUMNS.join(', ')}) ` +
    `${unnest(RECORD_COLUMNS.map((c) => RECORD_COLUMN_TYPES[c]))} ${recordConflict}`;
  const summariesSql =
    `INSERT INTO accounting_summaries (${SUMMARY_WRITE_COLUMNS.join(', ')}) ` +
    `${unnest(SUMMARY_WRITE_COLUMNS.map((c) => SUMMARY_COLUMN_TYPES[c]))} ` +
    `${summaryConflict(
      (a: string, b: string) => `LEAST(${a}, ${b})`,
      (a: string, b: string) => `GREATEST(${a}, ${b})`,
    )} ${RETURNING}`;
  const none = (items: readonly unknown[], query: () => CompiledQuery) =>
    items.length === 0 ? [] : [query()];

  return {
    storedMonths: (site, vmUuids) =>
      none(vmUuids, () =>
        CompiledQuery.raw(
          'SELECT * FROM accounting_records WHERE site = $1 AND vm_uuid = ANY($2::text[])',
          [site, vmUuids],
        ),
      ),
    upsertRecords: (rows) =>
      none(rows, () => CompiledQuery.raw(recordsSql, columnsOf(rows, RECORD_COLUMNS.length))),
    upsertSummaries: (rows) =>
      none(rows, () =>
        CompiledQuery.raw(summariesSql, columnsOf(rows, SUMMARY_WRITE_COLUMNS.length)),
      ),
    recomputeStarts: (ids) =>
      none(ids, () => CompiledQuery.raw(recomputeSet('WHERE id = ANY($1::bigint[])'), [ids])),
    deleteSummaries: (ids) =>
      none(ids, () =>
        CompiledQuery.raw('DELETE FROM accounting_summaries WHERE id = ANY($1::bigint[])', [ids]),
      ),
  };
}
