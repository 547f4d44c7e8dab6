import { z } from 'zod';
import { FedcloudError } from '../errors.js';
import { applyDowntimes } from './downtimes.js';
import type { Instant, Period } from './period.js';
import { periodOf } from './period.js';
import { OPERATIONS } from './status.js';
import { aggregateTimelines, constantTimeline, type Timeline } from './timeline.js';

const operationSchema = z.enum(OPERATIONS);

/**
 * How a site's status is put together, shaped as ARGO's aggregation profile (e.g.
 * flink_jobs_v2/batch_multi/src/main/resources/ops/ap1.json) in camelCase: an endpoint is
 * its metrics combined with `metricOperation`; a service type is its endpoints combined with
 * the service's `operation`; a group is its service types combined with the group's
 * `operation`; the site is its groups combined with `profileOperation`.
 */
export const aggregationProfileSchema = z.object({
  metricOperation: operationSchema,
  profileOperation: operationSchema,
  groups: z
    .array(
      z.object({
        name: z.string().min(1),
        operation: operationSchema,
        services: z.array(z.object({ name: z.string().min(1), operation: operationSchema })).min(1),
      }),
    )
    .min(1),
});

export type AggregationProfile = z.infer<typeof aggregationProfileSchema>;

/**
 * An endpoint's timeline: its metrics' timelines combined with the profile's metric
 * operation, then its DOWNTIME periods laid over the result (CalcEndpointTimeline's order;
 * so a downtime hides a CRITICAL probe, but only on the endpoint it was declared for).
 */
export function endpointTimeline(
  profile: Pick<AggregationProfile, 'metricOperation'>,
  metrics: readonly Timeline[],
  downtimes: readonly Period[] = [],
): Timeline {
  return applyDowntimes(aggregateTimelines(profile.metricOperation, metrics), downtimes);
}

export interface NamedTimeline {
  name: string;
  timeline: Timeline;
}

export interface SiteTimelines {
  site: Timeline;
  /** The profile's groups that have at least one endpoint, in the profile's order. */
  groups: NamedTimeline[];
  /** The profile's service types that have at least one endpoint, in the profile's order. */
  services: NamedTimeline[];
}

/**
 * A site's timeline from its endpoints' timelines, level by level as ARGO's
 * CalcServiceTimeline, CalcGroupFunctionTimeline and CalcGroupTimeline do.
 *
 * Only what the site has takes part: a group or service type with no endpoint at the site
 * is left out rather than counted MISSING (ARGO aggregates the timelines it has), and
 * endpoints of a service type the profile does not name are ignored (ARGO drops them before
 * aggregating, as they are not in the report's profiles). A site with no endpoint at all is
 * MISSING throughout, so its A/R is undefined.
 */
export function siteTimeline(
  profile: AggregationProfile,
  period: { start: Instant; end: Instant },
  endpoints: readonly { serviceType: string; timeline: Timeline }[],
): SiteTimelines {
  const { start, end } = periodOf(period.start, period.end);
  if (endpoints.some((e) => e.timeline.start !== start || e.timeline.end !== end)) {
    throw new FedcloudError('USAGE', "an endpoint's timeline is not over the site's period");
  }
  const services: NamedTimeline[] = [];
  const groups: NamedTimeline[] = [];
  for (const group of profile.groups) {
    const members: Timeline[] = [];
    for (const service of group.services) {
      const own = endpoints.filter((e) => e.serviceType === service.name).map((e) => e.timeline);
      if (own.length === 0) continue;
      const timeline = aggregateTimelines(service.operation, own);
      members.push(timeline);
      if (!services.some((s) => s.name === service.name)) {
        services.push({ name: service.name, timeline });
      }
    }
    if (members.length > 0) {
      groups.push({ name: group.name, timeline: aggregateTimelines(group.operation, members) });
    }
  }
  const site =
    groups.length > 0
      ? aggregateTimelines(
          profile.profileOperation,
          groups.map((g) => g.timeline),
        )
      : constantTimeline({ start, end }, 'MISSING');
  return { site, groups, services };
}
