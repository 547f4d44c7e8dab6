import type { CloudRecord } from './cloud-record.js';
import { parseFqan } from './fqan.js';
import { measurementOf } from './measurement.js';

/** What the APEL server groups its CloudSummaries by (schemas/cloud.sql `SummariseVMs`). */
export interface SummaryKey {
  siteName: string;
  cloudComputeService: string;
  year: number;
  month: number;
  globalUserName: string;
  vo: string;
  voGroup: string;
  voRole: string;
  status: string;
  cloudType: string;
  imageId: string;
  cpuCount: number;
  benchmarkType: string;
  benchmark: number;
}

/** The additive figures of a summary: sums over its VM-months, and how many there are. */
export interface SummaryFigures {
  wallDuration: number;
  cpuDuration: number;
  networkInbound: number;
  networkOutbound: number;
  memory: number;
  disk: number;
  numberOfVms: number;
}

export interface SummaryChange {
  key: SummaryKey;
  delta: SummaryFigures;
  /** The record's StartTime, for the summary's earliest and latest start. */
  startTime: number;
}

const NONE = 'None';

export function summaryKeyOf(record: CloudRecord): SummaryKey {
  const { year, month } = measurementOf(record);
  return {
    siteName: record.siteName,
    cloudComputeService: record.cloudComputeService ?? NONE,
    year,
    month,
    globalUserName: record.globalUserName ?? NONE,
    ...parseFqan(record.fqan),
    status: record.status ?? NONE,
    cloudType: record.cloudType ?? NONE,
    imageId: record.imageId ?? NONE,
    // The server stores a missing CpuCount and Benchmark as 0.
    cpuCount: record.cpuCount ?? 0,
    benchmarkType: record.benchmarkType ?? NONE,
    benchmark: record.benchmark ?? 0,
  };
}

/** One string per key, for maps and database keys. */
export function summaryKeyId(key: SummaryKey): string {
  return JSON.stringify([
    key.siteName,
    key.cloudComputeService,
    key.year,
    key.month,
    key.globalUserName,
    key.vo,
    key.voGroup,
    key.voRole,
    key.status,
    key.cloudType,
    key.imageId,
    key.cpuCount,
    key.benchmarkType,
    key.benchmark,
  ]);
}

/**
 * A VM-month's share of its summary: this month's cumulative wall, CPU and network figures less
 * those of the VM's previous record (the month before, when there is one), as SummariseVMs
 * subtracts them; memory and disk as they are.
 */
export function contributionOf(record: CloudRecord, previous?: CloudRecord): SummaryFigures {
  const less = (now: number | undefined, before: number | undefined) => (now ?? 0) - (before ?? 0);
  return {
    wallDuration: less(record.wallDuration, previous?.wallDuration),
    cpuDuration: less(record.cpuDuration, previous?.cpuDuration),
    networkInbound: less(record.networkInbound, previous?.networkInbound),
    networkOutbound: less(record.networkOutbound, previous?.networkOutbound),
    memory: record.memory ?? 0,
    disk: record.disk ?? 0,
    numberOfVms: 1,
  };
}

export interface RecordPlacement {
  /** The record arriving for a VM-month. */
  incoming: CloudRecord;
  /** The record of the same VM-month it replaces, if any. */
  replaced?: CloudRecord;
  /** The VM's latest record of an earlier month, if any. */
  previous?: CloudRecord;
  /** The VM's earliest record of a later month, if any: its share depends on this month's. */
  next?: CloudRecord;
}

/**
 * The summary changes that keep every summary equal to what SummariseVMs would compute from
 * scratch, when one record takes its VM-month's place: the replaced record's share comes out, the
 * incoming one's goes in, and a later month's share is re-based on the new figures. Resending a
 * record gives changes that sum to zero.
 */
export function summaryChanges(placement: RecordPlacement): SummaryChange[] {
  const { incoming, replaced, previous, next } = placement;
  const changes: SummaryChange[] = [];
  const push = (record: CloudRecord, figures: SummaryFigures, sign: 1 | -1) => {
    changes.push({
      key: summaryKeyOf(record),
      delta: scale(figures, sign),
      startTime: record.startTime ?? 0,
    });
  };
  if (replaced) push(replaced, contributionOf(replaced, previous), -1);
  push(incoming, contributionOf(incoming, previous), 1);
  if (next) {
    push(next, contributionOf(next, replaced ?? previous), -1);
    push(next, contributionOf(next, incoming), 1);
  }
  return changes;
}

function scale(figures: SummaryFigures, sign: 1 | -1): SummaryFigures {
  return {
    wallDuration: sign * figures.wallDuration,
    cpuDuration: sign * figures.cpuDuration,
    networkInbound: sign * figures.networkInbound,
    networkOutbound: sign * figures.networkOutbound,
    memory: sign * figures.memory,
    disk: sign * figures.disk,
    numberOfVms: sign * figures.numberOfVms,
  };
}
