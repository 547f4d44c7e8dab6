import type { CloudRecord } from './cloud-record.js';

export interface Measurement {
  /** Epoch seconds of the moment the record's cumulative figures describe. */
  time: number;
  year: number;
  /** 1–12. */
  month: number;
}

/**
 * When a record was measured, as the APEL server's ReplaceCloudRecord decides: a completed VM at
 * its end, otherwise at RecordCreateTime when given, else StartTime + SuspendDuration +
 * WallDuration. The (VMUUID, year, month) of that time is the record's key: a later record of the
 * same VM in the same month replaces the earlier one.
 */
export function measurementOf(record: CloudRecord): Measurement {
  let time: number;
  if (record.status === 'completed') time = record.endTime ?? 0;
  else if (record.recordCreateTime) time = record.recordCreateTime;
  else if (record.startTime === undefined) time = 0;
  else time = record.startTime + (record.suspendDuration ?? 0) + (record.wallDuration ?? 0);
  const date = new Date(time * 1000);
  return { time, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}
