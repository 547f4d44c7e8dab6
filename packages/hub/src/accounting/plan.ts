import {
  type CloudRecord,
  measurementOf,
  type RecordPlacement,
  type SummaryFigures,
  type SummaryKey,
  summaryChanges,
  summaryKeyOf,
} from '@fedcloud/sdk/accounting';

/** One stored record of a VM-month, as the ingest reads it before the batch. */
export interface StoredMonth {
  record: CloudRecord;
  year: number;
  month: number;
  measurementTime: number;
}

/** The state a VM-month is left in by the batch: written over whatever was stored. */
interface PlannedRecord extends StoredMonth {
  keyId: string;
}

/** What the batch does to one summary row. */
export interface PlannedSummary {
  key: SummaryKey;
  keyId: string;
  delta: SummaryFigures;
  /** Earliest and latest StartTime of the VMs that joined the group (undefined: none did). */
  earliestAdded: number | undefined;
  latestAdded: number | undefined;
  /**
   * Earliest and latest StartTime of the VMs that left it and did not come back. When one of
   * them was the group's earliest or latest start, that bound is found again from the records.
   */
  earliestRemoved: number | undefined;
  latestRemoved: number | undefined;
}

export interface BatchPlan {
  records: PlannedRecord[];
  summaries: PlannedSummary[];
  /** Valid records older than the stored record of their VM-month, left out. */
  superseded: number;
  /** VM-months and VMs the site had no record of before. */
  newRecords: number;
  newVms: number;
  /** The latest measurement time among the records written. */
  latestMeasurement: number | undefined;
}

interface SummaryTally {
  key: SummaryKey;
  delta: SummaryFigures;
  /** StartTime → VMs gained (positive) or lost (negative) with that start. */
  starts: Map<number, number>;
}

const period = (year: number, month: number) => year * 12 + month - 1;

/**
 * What a batch of one site's records does to the store, worked out in memory from the stored
 * months of the batch's VMs (`stored`, every month of each VM the batch names): which VM-months
 * it writes and what it adds to each summary. The records are taken in their order, each seeing
 * those before it, so two records of one VM in a batch act as if sent one after the other.
 *
 * A record replaces the stored one of its VM-month only when its measurement time is not earlier:
 * the APEL server takes whichever arrives last, but here a retried old message (an agent's spool
 * resent after a newer run went through) must never overwrite newer figures with older ones.
 */
export function planBatch(
  incoming: readonly CloudRecord[],
  stored: ReadonlyMap<string, readonly StoredMonth[]>,
): BatchPlan {
  const vms = new Map<string, Map<number, StoredMonth>>();
  const written = new Map<string, PlannedRecord>();
  const tallies = new Map<string, SummaryTally>();
  let superseded = 0;
  let newRecords = 0;
  let newVms = 0;
  let latestMeasurement: number | undefined;

  for (const record of incoming) {
    let months = vms.get(record.vmUuid);
    if (!months) {
      const before = stored.get(record.vmUuid) ?? [];
      if (before.length === 0) newVms += 1;
      months = new Map(before.map((m) => [period(m.year, m.month), m]));
      vms.set(record.vmUuid, months);
    }
    const measurement = measurementOf(record);
    const at = period(measurement.year, measurement.month);
    const replaced = months.get(at);
    if (replaced && measurement.time < replaced.measurementTime) {
      superseded += 1;
      continue;
    }
    if (!replaced) newRecords += 1;
    let previous: StoredMonth | undefined;
    let next: StoredMonth | undefined;
    for (const [p, m] of months) {
      if (p < at && (!previous || p > period(previous.year, previous.month))) previous = m;
      if (p > at && (!next || p < period(next.year, next.month))) next = m;
    }
    const placement: RecordPlacement = { incoming: record };
    if (replaced) placement.replaced = replaced.record;
    if (previous) placement.previous = previous.record;
    if (next) placement.next = next.record;
    for (const change of summaryChanges(placement)) {
      const id = keyIdOf(change.key);
      let tally = tallies.get(id);
      if (!tally) {
        tally = { key: change.key, delta: zeroFigures(), starts: new Map() };
        tallies.set(id, tally);
      }
      addFigures(tally.delta, change.delta);
      // A VM without a StartTime (0) has no say in the group's earliest and latest start.
      if (change.startTime > 0 && change.delta.numberOfVms !== 0) {
        const count = (tally.starts.get(change.startTime) ?? 0) + change.delta.numberOfVms;
        tally.starts.set(change.startTime, count);
      }
    }
    const state: PlannedRecord = {
      record,
      year: measurement.year,
      month: measurement.month,
      measurementTime: measurement.time,
      keyId: keyIdOf(summaryKeyOf(record)),
    };
    months.set(at, state);
    written.set(`${at}\u0000${record.vmUuid}`, state);
    if (latestMeasurement === undefined || measurement.time > latestMeasurement) {
      latestMeasurement = measurement.time;
    }
  }

  const summaries: PlannedSummary[] = [];
  for (const [keyId, tally] of tallies) {
    let earliestAdded: number | undefined;
    let latestAdded: number | undefined;
    let earliestRemoved: number | undefined;
    let latestRemoved: number | undefined;
    for (const [start, count] of tally.starts) {
      if (count > 0) {
        if (earliestAdded === undefined || start < earliestAdded) earliestAdded = start;
        if (latestAdded === undefined || start > latestAdded) latestAdded = start;
      } else if (count < 0) {
        if (earliestRemoved === undefined || start < earliestRemoved) earliestRemoved = start;
        if (latestRemoved === undefined || start > latestRemoved) latestRemoved = start;
      }
    }
    summaries.push({
      key: tally.key,
      keyId,
      delta: tally.delta,
      earliestAdded,
      latestAdded,
      earliestRemoved,
      latestRemoved,
    });
  }
  return {
    records: [...written.values()],
    summaries,
    superseded,
    newRecords,
    newVms,
    latestMeasurement,
  };
}

/**
 * Whether a summary's earliest or latest start may have left with a VM, given the bounds the
 * row has after the batch's upsert: then they are found again from the group's records.
 */
export function startBoundsLost(
  summary: PlannedSummary,
  earliest: number | null,
  latest: number | null,
): boolean {
  if (summary.earliestRemoved === undefined || summary.latestRemoved === undefined) return false;
  return (
    earliest === null ||
    latest === null ||
    summary.earliestRemoved <= earliest ||
    summary.latestRemoved >= latest
  );
}

/**
 * A summary key as one string, for the batch's maps: the SDK's summaryKeyId (JSON) cost a third
 * of the planning time, and these ids never leave one ingest.
 */
export function keyIdOf(key: SummaryKey): string {
  return `${key.siteName}\u0000${key.cloudComputeService}\u0000${key.year}\u0000${key.month}\u0000${key.globalUserName}\u0000${key.vo}\u0000${key.voGroup}\u0000${key.voRole}\u0000${key.status}\u0000${key.cloudType}\u0000${key.imageId}\u0000${key.cpuCount}\u0000${key.benchmarkType}\u0000${key.benchmark}`;
}

function zeroFigures(): SummaryFigures {
  return {
    wallDuration: 0,
    cpuDuration: 0,
    networkInbound: 0,
    networkOutbound: 0,
    memory: 0,
    disk: 0,
    numberOfVms: 0,
  };
}

function addFigures(into: SummaryFigures, delta: SummaryFigures): void {
  into.wallDuration += delta.wallDuration;
  into.cpuDuration += delta.cpuDuration;
  into.networkInbound += delta.networkInbound;
  into.networkOutbound += delta.networkOutbound;
  into.memory += delta.memory;
  into.disk += delta.disk;
  into.numberOfVms += delta.numberOfVms;
}
