import { FedcloudError } from '../errors.js';

/** A point in time: milliseconds since the epoch, or an ISO 8601 date-time with its zone. */
export type Instant = number | string;

/** A half-open interval [start, end) in epoch milliseconds. */
export interface Period {
  start: number;
  end: number;
}

// A zone is required: without one, Date.parse reads local time and the figures would depend
// on the machine's TZ. A bare date is UTC midnight (ECMAScript's rule), which is what we want.
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

export function toMillis(instant: Instant): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw new FedcloudError('USAGE', `not a time: ${instant}`);
    return instant;
  }
  const ms = ISO_INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new FedcloudError('USAGE', `not an ISO 8601 time with a zone: ${instant}`, {
      hint: 'write it like 2026-01-05T10:00:00Z',
    });
  }
  return ms;
}

export function periodOf(start: Instant, end: Instant): Period {
  const period = { start: toMillis(start), end: toMillis(end) };
  if (period.end <= period.start) {
    throw new FedcloudError('USAGE', `a period must end after it starts: ${start} – ${end}`);
  }
  return period;
}

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** The UTC day `YYYY-MM-DD` as a period: ARGO computes each day in UTC. */
export function dayPeriod(day: string): Period {
  const match = DAY.exec(day);
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over to March; a day that does not round-trip is no day.
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) {
    throw new FedcloudError('USAGE', `not a day (YYYY-MM-DD): ${day}`);
  }
  return { start, end: start + DAY_MS };
}

/** The days `YYYY-MM-DD` of the UTC month `YYYY-MM`, first to last. */
export function daysOfMonth(month: string): string[] {
  const match = MONTH.exec(month);
  const monthIndex = match ? Number(match[2]) - 1 : -1;
  if (!match || monthIndex < 0 || monthIndex > 11) {
    throw new FedcloudError('USAGE', `not a month (YYYY-MM): ${month}`);
  }
  const first = Date.UTC(Number(match[1]), monthIndex, 1);
  const next = Date.UTC(Number(match[1]), monthIndex + 1, 1);
  const days: string[] = [];
  for (let t = first; t < next; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
