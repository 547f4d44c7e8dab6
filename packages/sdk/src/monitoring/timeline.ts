import { FedcloudError } from '../errors.js';
import { type Instant, type Period, periodOf, toMillis } from './period.js';
import { combineAll, type Operation, type Status } from './status.js';

/** One probe result: its status holds from `at` until the next result. */
export interface ProbeResult {
  at: Instant;
  status: Status;
}

/** A stretch [start, end) of one status, in epoch milliseconds. */
export interface Segment {
  start: number;
  end: number;
  status: Status;
}

/**
 * The status over a whole period: segments that run from `start` to `end` without gaps,
 * and no two neighbours with the same status.
 */
export interface Timeline {
  start: number;
  end: number;
  segments: readonly Segment[];
}

/** A timeline that is one status from end to end. */
export function constantTimeline(period: Period, status: Status): Timeline {
  return { ...period, segments: [{ ...period, status }] };
}

/**
 * The timeline of one metric over `period`, from its probe results.
 *
 * As ARGO's batch job (CalcPrevStatus and CalcMetricTimeline, then Timeline
 * .replacePreviousDateStatus): a result holds until the next one; the latest result before the
 * period carries over to its start, and without one the period opens MISSING. A result at
 * the very start wins over the carried one. Two results at the same instant: the later one in
 * `results` wins, as a later put does in ARGO's TreeMap. Results from `end` on are ignored.
 *
 * There is no expiry. ARGO's A/R never turns an old result MISSING or UNKNOWN within the
 * day: the status stream's timeouts only re-send notifications. What bounds a result's reach
 * is that ARGO carries over only the previous day's last result (ArgoMultiJob reads that
 * day's data alone), so pass the previous period's results, not older ones.
 */
export function buildTimeline(
  period: { start: Instant; end: Instant },
  results: readonly ProbeResult[],
): Timeline {
  const { start, end } = periodOf(period.start, period.end);
  const timed = results
    .map((result, index) => ({ at: toMillis(result.at), status: result.status, index }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  let opening: Status = 'MISSING';
  const changes: { at: number; status: Status }[] = [];
  for (const result of timed) {
    if (result.at < start) opening = result.status;
    else if (result.at < end) changes.push(result);
  }
  if (changes[0]?.at !== start) changes.unshift({ at: start, status: opening });
  const segments: Segment[] = [];
  changes.forEach((change, i) => {
    const next = changes[i + 1];
    // Equal instants: the later one replaces this one, so this one spans nothing.
    if (next?.at === change.at) return;
    segments.push({ start: change.at, end: next?.at ?? end, status: change.status });
  });
  return { start, end, segments: mergeSegments(segments) };
}

/** Joins neighbouring segments of the same status (ARGO's Timeline.optimize). */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const last = merged.at(-1);
    if (last && last.status === segment.status && last.end === segment.start) {
      merged[merged.length - 1] = { ...last, end: segment.end };
    } else {
      merged.push({ ...segment });
    }
  }
  return merged;
}

/** The status at instant `at`, or undefined outside the timeline's period. */
export function statusAt(timeline: Timeline, at: Instant): Status | undefined {
  const t = toMillis(at);
  return timeline.segments.find((s) => s.start <= t && t < s.end)?.status;
}

/**
 * Combines timelines of the same period with an egi_ops operation, instant by instant
 * (ARGO's TimelineAggregator: every input's change points slice the result, and at each
 * slice the inputs' statuses are folded with the truth table).
 */
export function aggregateTimelines(op: Operation, timelines: readonly Timeline[]): Timeline {
  const [first] = timelines;
  if (first === undefined) {
    throw new FedcloudError('USAGE', `${op} needs at least one timeline to aggregate`);
  }
  if (timelines.some((t) => t.start !== first.start || t.end !== first.end)) {
    throw new FedcloudError('USAGE', 'only timelines of the same period can be aggregated');
  }
  const cuts = [...new Set(timelines.flatMap((t) => t.segments.map((s) => s.start)))].sort(
    (a, b) => a - b,
  );
  // One cursor per input: the cuts ascend, so each input's segment index only moves forward.
  const cursors = timelines.map(() => 0);
  const segments = cuts.map((at, i): Segment => {
    const statuses = timelines.map((timeline, k) => {
      let index = cursors[k] ?? 0;
      while ((timeline.segments[index]?.end ?? Infinity) <= at) index += 1;
      cursors[k] = index;
      const segment = timeline.segments[index];
      if (segment === undefined) throw new FedcloudError('INTERNAL', 'timeline has a gap');
      return segment.status;
    });
    return { start: at, end: cuts[i + 1] ?? first.end, status: combineAll(op, statuses) };
  });
  return { start: first.start, end: first.end, segments: mergeSegments(segments) };
}
