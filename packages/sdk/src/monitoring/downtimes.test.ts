import { describe, expect, it } from 'vitest';
import { integrateTimeline } from './availability.js';
import {
  applyDowntimes,
  countsAsDowntime,
  downtimePeriods,
  type RegistryDowntime,
} from './downtimes.js';
import { dayPeriod } from './period.js';
import type { Status } from './status.js';
import type { Segment, Timeline } from './timeline.js';

const DAY = dayPeriod('2026-01-05');
const at = (time: string): number =>
  time === '24:00' ? DAY.end : Date.parse(`2026-01-05T${time}${time.length === 5 ? ':00' : ''}Z`);
const seg = (from: string, to: string, status: Status): Segment => ({
  start: at(from),
  end: at(to),
  status,
});
const day = (...segments: Segment[]): Timeline => ({ ...DAY, segments });

const NOVA = { hostname: 'keystone.example.org', serviceType: 'org.openstack.nova' };
const outage = (startAt: string, endAt: string, over = NOVA): RegistryDowntime => ({
  classification: 'SCHEDULED',
  severity: 'OUTAGE',
  startAt,
  endAt,
  services: [over],
});

describe('which downtimes count', () => {
  it('is a scheduled outage only', () => {
    expect(countsAsDowntime({ classification: 'SCHEDULED', severity: 'OUTAGE' })).toBe(true);
    expect(countsAsDowntime({ classification: 'UNSCHEDULED', severity: 'OUTAGE' })).toBe(false);
    expect(countsAsDowntime({ classification: 'SCHEDULED', severity: 'WARNING' })).toBe(false);
  });
});

describe('downtimePeriods', () => {
  it("counts a downtime's last minute, at minute precision, as ARGO does", () => {
    // 10:00–12:00 is DOWNTIME until 12:01; 05:00:30–05:10:45 reads 05:00–05:10, so 05:00–05:11.
    expect(
      downtimePeriods(
        [
          outage('2026-01-05T10:00:00Z', '2026-01-05T12:00:00Z'),
          outage('2026-01-05T05:00:30Z', '2026-01-05T05:10:45Z'),
        ],
        NOVA,
      ),
    ).toEqual([
      { start: at('10:00'), end: at('12:01') },
      { start: at('05:00'), end: at('05:11') },
    ]);
  });

  it('matches the endpoint by hostname and service type, and skips what does not count', () => {
    const downtimes: RegistryDowntime[] = [
      { ...outage('2026-01-05T15:00:00Z', '2026-01-05T16:00:00Z'), classification: 'UNSCHEDULED' },
      { ...outage('2026-01-05T17:00:00Z', '2026-01-05T18:00:00Z'), severity: 'WARNING' },
      outage('2026-01-05T19:00:00Z', '2026-01-05T20:00:00Z', {
        ...NOVA,
        serviceType: 'org.openstack.swift',
      }),
      outage('2026-01-05T19:00:00Z', '2026-01-05T20:00:00Z', {
        ...NOVA,
        hostname: 'other.example.org',
      }),
      {
        ...outage('2026-01-05T21:00:00Z', '2026-01-05T21:59:00Z'),
        services: [{ ...NOVA, serviceType: 'org.openstack.swift' }, NOVA],
      },
    ];
    expect(downtimePeriods(downtimes, NOVA)).toEqual([{ start: at('21:00'), end: at('22:00') }]);
  });
});

describe('applyDowntimes', () => {
  const probes = day(
    seg('00:00', '10:00', 'OK'),
    seg('10:00', '11:00', 'CRITICAL'),
    seg('11:00', '24:00', 'OK'),
  );
  const registry: RegistryDowntime[] = [
    // From the day before to 02:00: cut to 00:00, DOWNTIME until 02:01.
    outage('2026-01-04T22:00:00Z', '2026-01-05T02:00:00Z'),
    // 05:00:30–05:10:45: 05:00–05:11.
    outage('2026-01-05T05:00:30Z', '2026-01-05T05:10:45Z'),
    // Two that overlap: 09:30–10:30 and 10:15–10:45 make 09:30–10:45.
    outage('2026-01-05T09:30:00Z', '2026-01-05T10:29:00Z'),
    outage('2026-01-05T10:15:00Z', '2026-01-05T10:44:00Z'),
    // Unscheduled: ignored, so its CRITICAL-free hour stays OK.
    { ...outage('2026-01-05T15:00:00Z', '2026-01-05T16:00:00Z'), classification: 'UNSCHEDULED' },
    // Into the next day: cut at midnight.
    outage('2026-01-05T23:00:00Z', '2026-01-06T03:00:00Z'),
  ];
  const expected = day(
    seg('00:00', '02:01', 'DOWNTIME'),
    seg('02:01', '05:00', 'OK'),
    seg('05:00', '05:11', 'DOWNTIME'),
    seg('05:11', '09:30', 'OK'),
    seg('09:30', '10:45', 'DOWNTIME'),
    seg('10:45', '11:00', 'CRITICAL'),
    seg('11:00', '23:00', 'OK'),
    seg('23:00', '24:00', 'DOWNTIME'),
  );

  it('overrides the probes in the counting downtimes, cut to the day', () => {
    expect(applyDowntimes(probes, downtimePeriods(registry, NOVA))).toEqual(expected);
  });

  it('takes the downtime out of reliability, not of availability', () => {
    // DOWNTIME = 2 h 01 min + 11 min + 1 h 15 min + 1 h = 7 260 + 660 + 4 500 + 3 600 = 16 020 s;
    // CRITICAL = 10:45–11:00 = 900 s; up = 86 400 − 16 020 − 900 = 69 480 s.
    // availability = 69 480 / 86 400 = 0.804166… → 80.41667
    // reliability  = 69 480 / (86 400 − 16 020) = 69 480 / 70 380 = 1 − 900 / 70 380
    //              = 1 − 0.0127877… = 0.9872122… → 98.72123
    const figures = integrateTimeline(expected);
    expect(figures.seconds.DOWNTIME).toBe(16_020);
    expect(figures.seconds.CRITICAL).toBe(900);
    expect(figures.availability).toBe(80.41667);
    expect(figures.reliability).toBe(98.72123);
    // 16 020 / 86 400 = 0.1854166… → 0.18542; 69 480 / 86 400 = 0.8041666… → 0.80417.
    expect(figures.downtimeFraction).toBe(0.18542);
    expect(figures.upFraction).toBe(0.80417);
    expect(figures.unknownFraction).toBe(0);
  });

  it('overrides MISSING too, and ignores periods outside the day', () => {
    const missing = day(seg('00:00', '24:00', 'MISSING'));
    expect(
      applyDowntimes(missing, [
        { start: at('06:00'), end: at('07:00') },
        { start: DAY.end, end: DAY.end + 3_600_000 },
      ]),
    ).toEqual(
      day(
        seg('00:00', '06:00', 'MISSING'),
        seg('06:00', '07:00', 'DOWNTIME'),
        seg('07:00', '24:00', 'MISSING'),
      ),
    );
  });

  it('merges a downtime into a neighbouring DOWNTIME', () => {
    expect(applyDowntimes(probes, [{ start: at('00:00'), end: at('24:00') }])).toEqual(
      day(seg('00:00', '24:00', 'DOWNTIME')),
    );
  });
});
