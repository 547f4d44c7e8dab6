import { MAX_RECORDS_PER_MESSAGE } from './apel-message.js';
import type { CloudRecord } from './cloud-record.js';
import { dropUndefined, jsonMessages } from './ip-record.js';

/**
 * APEL's accelerator usage record v0.1, one per VM and month, as cASO's nova extractor makes it
 * for flavors with `Accelerator:*` extra specs (caso/extract/openstack/nova.py
 * `_build_acc_records`).
 */
export interface AcceleratorRecord {
  measurementMonth: number;
  measurementYear: number;
  /** The VM's VMUUID. */
  associatedRecord: string;
  associatedRecordType: 'cloud';
  globalUserName?: string;
  fqan: string;
  siteName: string;
  cloudComputeService?: string;
  cloudType?: string;
  count: number;
  cores?: number;
  /** Seconds the accelerator was attached in the month; ActiveDuration is the same figure. */
  availableDuration: number;
  activeDuration: number;
  /** `Accelerator:Type`, e.g. GPU. */
  type: string;
  /** `Accelerator:Vendor` and `Accelerator:Model` joined by a space. */
  model: string;
  benchmarkType?: string;
  benchmark?: number;
}

export const ACCELERATOR_MESSAGE_TYPE = 'APEL-accelerator-message';
export const ACCELERATOR_MESSAGE_VERSION = '0.1';

/** The flavor extra specs cASO reads (its `[accelerator]` options' defaults). */
export const ACCELERATOR_KEYS = {
  type: 'Accelerator:Type',
  vendor: 'Accelerator:Vendor',
  model: 'Accelerator:Model',
  number: 'Accelerator:Number',
} as const;

export interface FlavorAccelerator {
  type: string;
  model: string;
  count: number;
}

/** The flavor's accelerator when all four keys are set (cASO skips the flavor otherwise). */
export function acceleratorOf(
  extraSpecs: Readonly<Record<string, string>>,
): FlavorAccelerator | undefined {
  const type = extraSpecs[ACCELERATOR_KEYS.type];
  const vendor = extraSpecs[ACCELERATOR_KEYS.vendor];
  const model = extraSpecs[ACCELERATOR_KEYS.model];
  const number = extraSpecs[ACCELERATOR_KEYS.number];
  if (!type || !vendor || !model || !number) return undefined;
  const count = Number(number.trim());
  if (!Number.isInteger(count)) return undefined;
  return { type, model: `${vendor} ${model}`, count };
}

export interface AcceleratorContext {
  extractFrom: Date;
  extractTo: Date;
}

/**
 * One record per month the VM overlapped [extractFrom, extractTo], each with the seconds of the
 * VM's life inside that month (from the month's start or the VM's, to the month's end, the VM's
 * end or extractTo): cumulative within the month, so the latest record of a VM-month replaces
 * the earlier ones like a cloud record does.
 */
export function buildAcceleratorRecords(
  cloud: CloudRecord,
  accelerator: FlavorAccelerator,
  context: AcceleratorContext,
): AcceleratorRecord[] {
  if (cloud.startTime === undefined) return [];
  const start = cloud.startTime * 1000;
  const to = context.extractTo.getTime();
  const end = cloud.endTime ? Math.min(cloud.endTime * 1000, to) : to;
  const first = Math.max(start, context.extractFrom.getTime());
  const records: AcceleratorRecord[] = [];
  for (let month = monthStart(first); month <= monthStart(end); month = nextMonth(month)) {
    const recordStart = Math.max(month, start);
    const recordEnd = Math.min(nextMonth(month), to, end);
    const duration = Math.trunc((recordEnd - recordStart) / 1000);
    // cASO: "something weird happened, but don't send negative records".
    if (duration < 0) continue;
    const date = new Date(month);
    const record: AcceleratorRecord = {
      measurementMonth: date.getUTCMonth() + 1,
      measurementYear: date.getUTCFullYear(),
      associatedRecord: cloud.vmUuid,
      associatedRecordType: 'cloud',
      fqan: cloud.fqan ?? '',
      siteName: cloud.siteName,
      count: accelerator.count,
      availableDuration: duration,
      activeDuration: duration,
      type: accelerator.type,
      model: accelerator.model,
    };
    if (cloud.globalUserName) record.globalUserName = cloud.globalUserName;
    if (cloud.cloudComputeService) record.cloudComputeService = cloud.cloudComputeService;
    if (cloud.cloudType) record.cloudType = cloud.cloudType;
    records.push(record);
  }
  return records;
}

function monthStart(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextMonth(monthMs: number): number {
  const date = new Date(monthMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/**
 * The record's JSON object in pydantic's order (caso/record.py AcceleratorRecord). cASO's alias
 * map names `benchmark`, not the field `benchmark_value`, so a benchmark would go out under that
 * raw key; cASO never sets one, nor do we.
 */
function acceleratorRecordObject(record: AcceleratorRecord): Record<string, string | number> {
  return dropUndefined<string | number>({
    SiteName: record.siteName,
    CloudType: record.cloudType,
    CloudComputeService: record.cloudComputeService,
    AssociatedRecord: record.associatedRecord,
    GlobalUserName: record.globalUserName,
    FQAN: record.fqan,
    Count: record.count,
    AvailableDuration: record.availableDuration,
    MeasurementMonth: record.measurementMonth,
    MeasurementYear: record.measurementYear,
    AssociatedRecordType: record.associatedRecordType,
    Type: record.type,
    Cores: record.cores,
    Model: record.model,
    benchmark_value: record.benchmark,
    BenchmarkType: record.benchmarkType,
    ActiveDuration: record.activeDuration,
  });
}

export function renderAcceleratorMessages(
  records: readonly AcceleratorRecord[],
  maxRecords = MAX_RECORDS_PER_MESSAGE,
): string[] {
  return jsonMessages(
    records.map(acceleratorRecordObject),
    ACCELERATOR_MESSAGE_TYPE,
    ACCELERATOR_MESSAGE_VERSION,
    maxRecords,
  );
}
