export {
  combine,
  combineAll,
  isStatus,
  type Operation,
  OPERATIONS,
  type Status,
  STATUSES,
} from './status.js';
export { dayPeriod, daysOfMonth, type Instant, type Period, periodOf, toMillis } from './period.js';
export {
  aggregateTimelines,
  buildTimeline,
  constantTimeline,
  mergeSegments,
  type ProbeResult,
  type Segment,
  statusAt,
  type Timeline,
} from './timeline.js';
export {
  applyDowntimes,
  countsAsDowntime,
  downtimePeriods,
  type EndpointRef,
  type RegistryDowntime,
} from './downtimes.js';
export {
  type AggregationProfile,
  aggregationProfileSchema,
  endpointTimeline,
  type NamedTimeline,
  siteTimeline,
  type SiteTimelines,
} from './aggregation-profile.js';
export {
  type ArFigures,
  type ArPair,
  type DayFractions,
  integrateTimeline,
  monthAr,
  type MonthAr,
  roundHalfUp,
  statusSeconds,
  type StatusSeconds,
  voDayAr,
  voMonthAr,
  type WeightedAr,
} from './availability.js';
export {
  exitCodeOf,
  formatStatusLine,
  parseStatusLine,
  type ProbeStatus,
  statusOfExitCode,
  type StatusLine,
} from './nagios.js';
