import type { CloudRecord } from '@fedcloud/sdk/accounting';
import type { AccountingRecordsTable } from '../db/tables.js';

type FieldColumn = keyof AccountingRecordsTable;

/**
 * Where each cloud record field is kept. SiteName is the row's `site` (a record of another site
 * is refused before it gets here); every other v0.4 field has its own column, null when absent.
 */
export const RECORD_FIELD_COLUMNS: readonly (readonly [keyof CloudRecord, FieldColumn])[] = [
  ['siteName', 'site'],
  ['vmUuid', 'vm_uuid'],
  ['recordCreateTime', 'record_create_time'],
  ['cloudComputeService', 'cloud_compute_service'],
  ['machineName', 'machine_name'],
  ['localUserId', 'local_user_id'],
  ['localGroupId', 'local_group_id'],
  ['globalUserName', 'global_user_name'],
  ['fqan', 'fqan'],
  ['status', 'status'],
  ['startTime', 'start_time'],
  ['endTime', 'end_time'],
  ['suspendDuration', 'suspend_duration'],
  ['wallDuration', 'wall_duration'],
  ['cpuDuration', 'cpu_duration'],
  ['cpuCount', 'cpu_count'],
  ['networkType', 'network_type'],
  ['networkInbound', 'network_inbound'],
  ['networkOutbound', 'network_outbound'],
  ['publicIpCount', 'public_ip_count'],
  ['memory', 'memory'],
  ['disk', 'disk'],
  ['benchmarkType', 'benchmark_type'],
  ['benchmark', 'benchmark'],
  ['storageRecordId', 'storage_record_id'],
  ['imageId', 'image_id'],
  ['cloudType', 'cloud_type'],
];

/** The columns a record row has besides its fields. */
const ROW_COLUMNS = [
  'year',
  'month',
  'measurement_time',
  'summary_id',
  'received_at',
  'batch_id',
] as const;

/** Every column of accounting_records, in the order the ingest writes them. */
export const RECORD_COLUMNS: readonly FieldColumn[] = [
  ...RECORD_FIELD_COLUMNS.map(([, column]) => column),
  ...ROW_COLUMNS,
];

/** The PostgreSQL type of each column, for the arrays of a bulk `unnest` write. */
export const RECORD_COLUMN_TYPES: Readonly<Record<FieldColumn, string>> = {
  site: 'text',
  vm_uuid: 'text',
  year: 'integer',
  month: 'integer',
  measurement_time: 'bigint',
  summary_id: 'bigint',
  received_at: 'text',
  batch_id: 'text',
  record_create_time: 'bigint',
  cloud_compute_service: 'text',
  machine_name: 'text',
  local_user_id: 'text',
  local_group_id: 'text',
  global_user_name: 'text',
  fqan: 'text',
  status: 'text',
  start_time: 'bigint',
  end_time: 'bigint',
  suspend_duration: 'bigint',
  wall_duration: 'bigint',
  cpu_duration: 'bigint',
  cpu_count: 'double precision',
  network_type: 'text',
  network_inbound: 'bigint',
  network_outbound: 'bigint',
  public_ip_count: 'bigint',
  memory: 'bigint',
  disk: 'bigint',
  benchmark_type: 'text',
  benchmark: 'double precision',
  storage_record_id: 'text',
  image_id: 'text',
  cloud_type: 'text',
};

/** A stored row back as the record it was. */
export function recordOfRow(row: Record<string, unknown>): CloudRecord {
  const record: Record<string, unknown> = {};
  for (const [field, column] of RECORD_FIELD_COLUMNS) {
    const value = row[column];
    if (value !== null && value !== undefined) record[field] = value;
  }
  return record as unknown as CloudRecord;
}
