import { type Instant, type Period, toMillis } from './period.js';
import { mergeSegments, type Segment, type Timeline } from './timeline.js';

/** A service endpoint as GOCDB names it in a downtime: its host and its service type. */
export interface EndpointRef {
  hostname: string;
  serviceType: string;
}

/** A downtime as the registry declares it (GOCDB's get_downtime: DOWNTIME and its SERVICES). */
export interface RegistryDowntime {
  /** SCHEDULED | UNSCHEDULED. */
  classification: string;
  /** OUTAGE | WARNING. */
  severity: string;
  startAt: Instant;
  endAt: Instant;
  services: readonly EndpointRef[];
}

/**
 * Whether a downtime takes its time out of reliability: only a scheduled outage does
 * (ARGOeu/argo-connectors: modules/parse/gocdb_downtimes.py keeps CLASSIFICATION=SCHEDULED
 * with SEVERITY=OUTAGE and drops the rest). During any other downtime the probes' own
 * statuses count, so an unscheduled outage is simply time down.
 */
export function countsAsDowntime(
  downtime: Pick<RegistryDowntime, 'classification' | 'severity'>,
): boolean {
  return downtime.classification === 'SCHEDULED' && downtime.severity === 'OUTAGE';
}

const MINUTE_MS = 60_000;

/**
 * The DOWNTIME periods of one endpoint: the counting downtimes that name its hostname and
 * service type, compared exactly as ARGO's DowntimeManager.getPeriod does.
 *
 * ARGO sees a downtime at minute precision (the connector reads GOCDB's FORMATED_START_DATE
 * and FORMATED_END_DATE, "Y-m-d H:i") and counts its last minute: Timeline.fillWithStatus
 * puts the status back one minute after the end. So a downtime 10:00–12:00 is DOWNTIME from
 * 10:00:00 to 12:01:00, and one that ends at 23:59 (where the connector cuts a day) fills
 * the day. We do the same: both ends truncated to the minute, the end moved one minute on.
 */
export function downtimePeriods(
  downtimes: readonly RegistryDowntime[],
  endpoint: EndpointRef,
): Period[] {
  return downtimes
    .filter(
      (d) =>
        countsAsDowntime(d) &&
        d.services.some(
          (s) => s.hostname === endpoint.hostname && s.serviceType === endpoint.serviceType,
        ),
    )
    .map((d) => ({
      start: floorToMinute(toMillis(d.startAt)),
      end: floorToMinute(toMillis(d.endAt)) + MINUTE_MS,
    }))
    .filter((p) => p.end > p.start);
}

function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * Overrides an endpoint's timeline with DOWNTIME over the given periods, cut to the
 * timeline's own period (ARGO applies downtimes to the endpoint timeline, after its metrics
 * are ANDed and before services and sites are aggregated: CalcEndpointTimeline). Overlapping
 * periods simply overlap; outside them each status stays what the probes said.
 */
export function applyDowntimes(timeline: Timeline, periods: readonly Period[]): Timeline {
  const cuts = periods
    .map((p) => ({ start: Math.max(p.start, timeline.start), end: Math.min(p.end, timeline.end) }))
    .filter((p) => p.end > p.start)
    .sort((a, b) => a.start - b.start);
  const down: Period[] = [];
  for (const cut of cuts) {
    const last = down.at(-1);
    if (last && cut.start <= last.end) last.end = Math.max(last.end, cut.end);
    else down.push({ ...cut });
  }
  const segments: Segment[] = [];
  let d = 0;
  for (const segment of timeline.segments) {
    let at = segment.start;
    while (at < segment.end) {
      while ((down[d]?.end ?? Infinity) <= at) d += 1;
      const next = down[d];
      if (next === undefined || next.start >= segment.end) {
        segments.push({ start: at, end: segment.end, status: segment.status });
        break;
      }
      if (next.start > at) {
        segments.push({ start: at, end: next.start, status: segment.status });
        at = next.start;
      }
      const until = Math.min(next.end, segment.end);
      segments.push({ start: at, end: until, status: 'DOWNTIME' });
      at = until;
    }
  }
  return { start: timeline.start, end: timeline.end, segments: mergeSegments(segments) };
}
