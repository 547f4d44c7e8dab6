import { describe, expect, it } from 'vitest';
import {
  type AggregationProfile,
  aggregationProfileSchema,
  endpointTimeline,
  siteTimeline,
} from './aggregation-profile.js';
import { integrateTimeline } from './availability.js';
import { dayPeriod } from './period.js';
import type { Status } from './status.js';
import { constantTimeline, type Segment, type Timeline } from './timeline.js';

const DAY = dayPeriod('2026-01-05');
const at = (time: string): number =>
  time === '24:00' ? DAY.end : Date.parse(`2026-01-05T${time}:00Z`);
const seg = (from: string, to: string, status: Status): Segment => ({
  start: at(from),
  end: at(to),
  status,
});
const day = (...segments: Segment[]): Timeline => ({ ...DAY, segments });
const ok = constantTimeline(DAY, 'OK');

// Shaped like ARGO's ap1.json, with the cloud's service types.
const PROFILE: AggregationProfile = {
  metricOperation: 'AND',
  profileOperation: 'AND',
  groups: [
    {
      name: 'compute',
      operation: 'OR',
      services: [{ name: 'org.openstack.nova', operation: 'OR' }],
    },
    {
      name: 'storage',
      operation: 'OR',
      services: [{ name: 'org.openstack.swift', operation: 'OR' }],
    },
    {
      name: 'accounting',
      operation: 'OR',
      services: [{ name: 'eu.egi.cloud.accounting', operation: 'OR' }],
    },
  ],
};

describe('endpointTimeline', () => {
  it('ANDs the metrics, then lays the downtime over them', () => {
    const vm = day(
      seg('00:00', '10:00', 'OK'),
      seg('10:00', '12:00', 'CRITICAL'),
      seg('12:00', '24:00', 'OK'),
    );
    const tcp = day(seg('00:00', '20:00', 'OK'), seg('20:00', '24:00', 'WARNING'));
    // AND: 10–12 CRITICAL∧OK = CRITICAL, 20–24 OK∧WARNING = WARNING; then 10:00–12:00 DOWNTIME.
    expect(
      endpointTimeline(PROFILE, [vm, tcp], [{ start: at('10:00'), end: at('12:00') }]),
    ).toEqual(
      day(
        seg('00:00', '10:00', 'OK'),
        seg('10:00', '12:00', 'DOWNTIME'),
        seg('12:00', '20:00', 'OK'),
        seg('20:00', '24:00', 'WARNING'),
      ),
    );
  });
});

describe('siteTimeline', () => {
  const nova1 = day(
    seg('00:00', '10:00', 'OK'),
    seg('10:00', '12:00', 'DOWNTIME'),
    seg('12:00', '24:00', 'OK'),
  );
  const nova2 = day(
    seg('00:00', '09:00', 'OK'),
    seg('09:00', '11:00', 'CRITICAL'),
    seg('11:00', '24:00', 'OK'),
  );
  const swift = day(
    seg('00:00', '14:00', 'OK'),
    seg('14:00', '16:00', 'DOWNTIME'),
    seg('16:00', '24:00', 'OK'),
  );
  const accounting = day(
    seg('00:00', '15:00', 'OK'),
    seg('15:00', '17:00', 'CRITICAL'),
    seg('17:00', '24:00', 'OK'),
  );

  it('ORs endpoints into services and ANDs the groups into the site', () => {
    const result = siteTimeline(PROFILE, DAY, [
      { serviceType: 'org.openstack.nova', timeline: nova1 },
      { serviceType: 'org.openstack.nova', timeline: nova2 },
      { serviceType: 'org.openstack.swift', timeline: swift },
      { serviceType: 'eu.egi.cloud.accounting', timeline: accounting },
      // Not in the profile: ignored, though CRITICAL all day.
      {
        serviceType: 'eu.egi.cloud.vm-metadata.vmcatcher',
        timeline: constantTimeline(DAY, 'CRITICAL'),
      },
    ]);
    // nova = nova1 ∨ nova2: 09–10 OK∨CRITICAL = OK; 10–11 DOWNTIME∨CRITICAL = CRITICAL;
    // 11–12 DOWNTIME∨OK = OK.
    const nova = day(
      seg('00:00', '10:00', 'OK'),
      seg('10:00', '11:00', 'CRITICAL'),
      seg('11:00', '24:00', 'OK'),
    );
    expect(result.services).toEqual([
      { name: 'org.openstack.nova', timeline: nova },
      { name: 'org.openstack.swift', timeline: swift },
      { name: 'eu.egi.cloud.accounting', timeline: accounting },
    ]);
    expect(result.groups.map((g) => g.name)).toEqual(['compute', 'storage', 'accounting']);
    // site = nova ∧ swift ∧ accounting: 10–11 CRITICAL; 14–15 DOWNTIME∧OK = DOWNTIME;
    // 15–16 DOWNTIME∧CRITICAL = CRITICAL; 16–17 OK∧CRITICAL = CRITICAL.
    expect(result.site).toEqual(
      day(
        seg('00:00', '10:00', 'OK'),
        seg('10:00', '11:00', 'CRITICAL'),
        seg('11:00', '14:00', 'OK'),
        seg('14:00', '15:00', 'DOWNTIME'),
        seg('15:00', '17:00', 'CRITICAL'),
        seg('17:00', '24:00', 'OK'),
      ),
    );
    // CRITICAL 1 h + 2 h = 10 800 s, DOWNTIME 3 600 s, up = 86 400 − 14 400 = 72 000 s.
    // availability = 72 000 / 86 400 = 0.833333… → 83.33333
    // reliability  = 72 000 / 82 800 = 0.8695652… → 86.95652
    expect(integrateTimeline(result.site)).toMatchObject({
      availability: 83.33333,
      reliability: 86.95652,
    });
  });

  it('leaves out a group the site has no endpoint of', () => {
    const result = siteTimeline(PROFILE, DAY, [
      { serviceType: 'org.openstack.nova', timeline: nova2 },
      { serviceType: 'org.openstack.nova', timeline: ok },
    ]);
    expect(result.groups.map((g) => g.name)).toEqual(['compute']);
    // OK∨CRITICAL = OK all day; no storage or accounting to AND with.
    expect(result.site).toEqual(ok);
  });

  it('follows the operations the profile names', () => {
    const strict: AggregationProfile = {
      ...PROFILE,
      groups: [
        {
          name: 'compute',
          operation: 'OR',
          services: [{ name: 'org.openstack.nova', operation: 'AND' }],
        },
      ],
    };
    // nova1 ∧ nova2: 09–10 OK∧CRITICAL = CRITICAL; 10–11 DOWNTIME∧CRITICAL = CRITICAL;
    // 11–12 DOWNTIME∧OK = DOWNTIME.
    const result = siteTimeline(strict, DAY, [
      { serviceType: 'org.openstack.nova', timeline: nova1 },
      { serviceType: 'org.openstack.nova', timeline: nova2 },
    ]);
    expect(result.site).toEqual(
      day(
        seg('00:00', '09:00', 'OK'),
        seg('09:00', '11:00', 'CRITICAL'),
        seg('11:00', '12:00', 'DOWNTIME'),
        seg('12:00', '24:00', 'OK'),
      ),
    );
  });

  it('is MISSING throughout for a site with no endpoints, so its A/R is undefined', () => {
    const result = siteTimeline(PROFILE, DAY, []);
    expect(result).toEqual({ site: constantTimeline(DAY, 'MISSING'), groups: [], services: [] });
    expect(integrateTimeline(result.site)).toMatchObject({ availability: -1, reliability: -1 });
  });

  it('refuses an endpoint timeline of another period', () => {
    const other = constantTimeline(dayPeriod('2026-01-06'), 'OK');
    expect(() =>
      siteTimeline(PROFILE, DAY, [{ serviceType: 'org.openstack.nova', timeline: other }]),
    ).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('aggregationProfileSchema', () => {
  it('reads a profile and refuses an operation egi_ops does not have', () => {
    expect(aggregationProfileSchema.parse(PROFILE)).toEqual(PROFILE);
    const xor = { ...PROFILE, profileOperation: 'XOR' };
    expect(aggregationProfileSchema.safeParse(xor).success).toBe(false);
  });
});
