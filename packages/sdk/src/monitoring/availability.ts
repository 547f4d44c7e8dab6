import { FedcloudError } from '../errors.js';
import type { Status } from './status.js';
import type { Timeline } from './timeline.js';

/** Seconds spent in each status over a period, and the period's length T. */
export type StatusSeconds = Record<Status, number> & { total: number };

/** A period's availability and reliability in percent, −1 where undefined. */
export interface ArPair {
  availability: number;
  reliability: number;
}

/** One period's figures, as ARGO stores them per day (endpoint_ar, service_ar, …). */
export interface ArFigures extends ArPair {
  /** (OK + WARNING) / T. */
  upFraction: number;
  /** (UNKNOWN + MISSING) / T. */
  unknownFraction: number;
  /** DOWNTIME / T. */
  downtimeFraction: number;
  seconds: StatusSeconds;
}

/**
 * Whole seconds per status. ARGO's TimelineIntegrator counts each run of a status in whole
 * seconds, truncating (TimeUnit.MILLISECONDS.toSeconds), and T is the day's 86 400 seconds;
 * here T is the timeline's period, truncated the same way.
 */
export function statusSeconds(timeline: Timeline): StatusSeconds {
  const seconds: StatusSeconds = {
    OK: 0,
    WARNING: 0,
    UNKNOWN: 0,
    MISSING: 0,
    CRITICAL: 0,
    DOWNTIME: 0,
    total: Math.trunc((timeline.end - timeline.start) / 1000),
  };
  for (const segment of timeline.segments) {
    seconds[segment.status] += Math.trunc((segment.end - segment.start) / 1000);
  }
  return seconds;
}

/**
 * A/R of one timeline, as ARGO's TimelineIntegrator.calcAR computes a day:
 *
 *   up = OK + WARNING;  known = T − UNKNOWN − MISSING
 *   availability = up / known × 100
 *   reliability  = up / (known − DOWNTIME) × 100
 *
 * So scheduled downtime counts against availability (it stays in its denominator) and not
 * against reliability. 0/0 is −1 (ARGO turns NaN into −1): availability when nothing is
 * known, reliability when nothing is known outside downtime. Every figure is rounded to five
 * decimals half-up, as ARGO's BigDecimal.valueOf(x).setScale(5, ROUND_HALF_UP).
 */
export function integrateTimeline(timeline: Timeline): ArFigures {
  const seconds = statusSeconds(timeline);
  const up = seconds.OK + seconds.WARNING;
  const known = seconds.total - seconds.UNKNOWN - seconds.MISSING;
  const knownScheduled = known - seconds.DOWNTIME;
  return {
    availability: roundHalfUp(percentOrUndefined(up, known)),
    reliability: roundHalfUp(percentOrUndefined(up, knownScheduled)),
    upFraction: roundHalfUp(up / seconds.total),
    unknownFraction: roundHalfUp((seconds.UNKNOWN + seconds.MISSING) / seconds.total),
    downtimeFraction: roundHalfUp(seconds.DOWNTIME / seconds.total),
    seconds,
  };
}

function percentOrUndefined(part: number, whole: number): number {
  // Divide first, then scale: the same floating-point steps as ARGO, so the same digits.
  const percent = (part / whole) * 100;
  return Number.isNaN(percent) ? -1 : percent;
}

/**
 * Rounds to `places` decimals, half away from zero, on the number's shortest decimal form
 * (what Java's BigDecimal.valueOf reads), so 0.000125 → 0.00013 although the binary double
 * is a hair below. Not a finite number → −1, as ARGO's round() answers its
 * NumberFormatException.
 */
export function roundHalfUp(value: number, places = 5): number {
  if (!Number.isFinite(value)) return -1;
  const [coefficient = '0', exponent = '0'] = Math.abs(value).toString().split('e');
  const [whole = '0', fraction = ''] = coefficient.split('.');
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  const keep = point + places;
  digits = digits.padEnd(keep + 1, '0');
  const kept = Number(digits.slice(0, keep) || '0') + (Number(digits[keep]) >= 5 ? 1 : 0);
  return (Math.sign(value) * kept) / 10 ** places;
}

/** The fractions of one day, which is all a month is made of. */
export type DayFractions = Pick<ArFigures, 'upFraction' | 'unknownFraction' | 'downtimeFraction'>;

export interface MonthAr extends ArPair {
  upFraction: number;
  unknownFraction: number;
  downtimeFraction: number;
  days: number;
}

/**
 * A month's A/R from its days, as ARGO's web API answers granularity=monthly
 * (ARGOeu/argo-web-api: app/results/queries.go MonthlyEndpointGroup, MonthlyEndpoint, …):
 * it averages the stored daily fractions (up, unknown, down; not the percentages) and
 * applies
 *
 *   availability = avgUp / (1.00000001 − avgUnknown) × 100
 *   reliability  = avgUp / (1.00000001 − avgUnknown − avgDown) × 100
 *
 * The 1.00000001 is ARGO's guard against dividing by zero; we keep it so the digits match,
 * and leave the result unrounded as ARGO does. One departure: where nothing is known
 * (avgUnknown = 1, or avgUnknown + avgDown = 1 for reliability) ARGO's guard yields 0;
 * we answer −1, undefined, as a day does, so a month without monitoring is not "0 %".
 * Only the days given count, as ARGO averages the days it has results for.
 */
export function monthAr(days: readonly DayFractions[]): MonthAr {
  if (days.length === 0) {
    return {
      availability: -1,
      reliability: -1,
      upFraction: 0,
      unknownFraction: 0,
      downtimeFraction: 0,
      days: 0,
    };
  }
  const mean = (pick: (day: DayFractions) => number): number =>
    days.reduce((sum, day) => sum + pick(day), 0) / days.length;
  const up = mean((d) => d.upFraction);
  const unknown = mean((d) => d.unknownFraction);
  const down = mean((d) => d.downtimeFraction);
  return {
    availability: unknown >= 1 ? -1 : (up / (1.00000001 - unknown)) * 100,
    reliability: unknown + down >= 1 ? -1 : (up / (1.00000001 - unknown - down)) * 100,
    upFraction: up,
    unknownFraction: unknown,
    downtimeFraction: down,
    days: days.length,
  };
}

/** A site's A/R for one period and its weight in a group (EGI weighs sites by capacity). */
export interface WeightedAr extends ArPair {
  weight?: number;
}

/**
 * A VO's A/R for one day from the sites that support it. ARGO has no VO report of its own;
 * this follows its supergroup results (argo-web-api queries.go DailySuperGroup and
 * MonthlySuperGroup, the NGI over its sites): the mean of the sites' percentages weighted by
 * weight + 1 (the + 1 keeps weightless sites in), a site whose figure is −1 left out of that
 * figure's mean, and −1 when no site has one. We chose this over ORing the sites' timelines:
 * a VO's users see each site's own service, and an outage at one site is not hidden by
 * another being up.
 */
export function voDayAr(sites: readonly WeightedAr[]): ArPair {
  return {
    availability: weightedMean(sites, (s) => s.availability),
    reliability: weightedMean(sites, (s) => s.reliability),
  };
}

function weightedMean(sites: readonly WeightedAr[], pick: (site: WeightedAr) => number): number {
  let sum = 0;
  let weights = 0;
  for (const site of sites) {
    if ((site.weight ?? 0) < 0)
      throw new FedcloudError('USAGE', 'a site weight cannot be negative');
    const weight = (site.weight ?? 0) + 1;
    const value = pick(site);
    if (value < 0) continue;
    sum += value * weight;
    weights += weight;
  }
  return weights > 0 ? sum / weights : -1;
}

/**
 * A VO's A/R for a month from its daily figures: the plain mean of the days, each figure
 * leaving out the days where it is −1 (MonthlySuperGroup writes those days "nan" and
 * $avg skips them), and −1 when no day has one.
 */
export function voMonthAr(days: readonly ArPair[]): ArPair {
  const mean = (pick: (day: ArPair) => number): number => {
    const known = days.map(pick).filter((value) => value >= 0);
    return known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : -1;
  };
  return { availability: mean((d) => d.availability), reliability: mean((d) => d.reliability) };
}
