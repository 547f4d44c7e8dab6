/**
 * One VM's usage in a month as APEL's cloud record v0.4 carries it. Wall and CPU durations are
 * cumulative since the VM started (not deltas): the latest record of a VM in a month replaces the
 * earlier ones, and summaries are month-to-month differences. Times are epoch seconds.
 */
export interface CloudRecord {
  vmUuid: string;
  siteName: string;
  recordCreateTime?: number;
  cloudComputeService?: string;
  machineName?: string;
  localUserId?: string;
  localGroupId?: string;
  globalUserName?: string;
  fqan?: string;
  status?: string;
  startTime?: number;
  /** 0 while the VM runs, as cASO sends it. */
  endTime?: number;
  suspendDuration?: number;
  wallDuration?: number;
  cpuDuration?: number;
  cpuCount?: number;
  networkType?: string;
  networkInbound?: number;
  networkOutbound?: number;
  publicIpCount?: number;
  /** MB, from the flavor. */
  memory?: number;
  /** GB, the flavor's root plus ephemeral disk. */
  disk?: number;
  benchmarkType?: string;
  benchmark?: number;
  storageRecordId?: string;
  imageId?: string;
  cloudType?: string;
}

/** The statuses a cloud record may carry (cASO's `_ValidCloudStatus`). */
export const CLOUD_STATUSES = [
  'started',
  'completed',
  'error',
  'paused',
  'suspended',
  'stopped',
  'unknown',
] as const;

export type CloudStatus = (typeof CLOUD_STATUSES)[number];

type FieldKind = 'string' | 'int' | 'float' | 'time';

interface CloudField {
  key: keyof CloudRecord;
  apel: string;
  kind: FieldKind;
}

/** The record's fields in the APEL server's order (apel/db/records/cloud.py `_msg_fields`). */
export const CLOUD_FIELDS: readonly CloudField[] = [
  { key: 'recordCreateTime', apel: 'RecordCreateTime', kind: 'time' },
  { key: 'vmUuid', apel: 'VMUUID', kind: 'string' },
  { key: 'siteName', apel: 'SiteName', kind: 'string' },
  { key: 'cloudComputeService', apel: 'CloudComputeService', kind: 'string' },
  { key: 'machineName', apel: 'MachineName', kind: 'string' },
  { key: 'localUserId', apel: 'LocalUserId', kind: 'string' },
  { key: 'localGroupId', apel: 'LocalGroupId', kind: 'string' },
  { key: 'globalUserName', apel: 'GlobalUserName', kind: 'string' },
  { key: 'fqan', apel: 'FQAN', kind: 'string' },
  { key: 'status', apel: 'Status', kind: 'string' },
  { key: 'startTime', apel: 'StartTime', kind: 'time' },
  { key: 'endTime', apel: 'EndTime', kind: 'time' },
  { key: 'suspendDuration', apel: 'SuspendDuration', kind: 'int' },
  { key: 'wallDuration', apel: 'WallDuration', kind: 'int' },
  { key: 'cpuDuration', apel: 'CpuDuration', kind: 'int' },
  { key: 'cpuCount', apel: 'CpuCount', kind: 'float' },
  { key: 'networkType', apel: 'NetworkType', kind: 'string' },
  { key: 'networkInbound', apel: 'NetworkInbound', kind: 'int' },
  { key: 'networkOutbound', apel: 'NetworkOutbound', kind: 'int' },
  { key: 'publicIpCount', apel: 'PublicIPCount', kind: 'int' },
  { key: 'memory', apel: 'Memory', kind: 'int' },
  { key: 'disk', apel: 'Disk', kind: 'int' },
  { key: 'benchmarkType', apel: 'BenchmarkType', kind: 'string' },
  { key: 'benchmark', apel: 'Benchmark', kind: 'float' },
  { key: 'storageRecordId', apel: 'StorageRecordId', kind: 'string' },
  { key: 'imageId', apel: 'ImageId', kind: 'string' },
  { key: 'cloudType', apel: 'CloudType', kind: 'string' },
];

/** Keys the APEL server accepts and drops: it computes them itself. */
export const IGNORED_CLOUD_KEYS: ReadonlySet<string> = new Set([
  'UpdateTime',
  'MeasurementTime',
  'MeasurementMonth',
  'MeasurementYear',
]);
