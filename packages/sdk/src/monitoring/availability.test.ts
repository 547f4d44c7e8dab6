import { describe, expect, it } from 'vitest';
import {
  integrateTimeline,
  monthAr,
  roundHalfUp,
  statusSeconds,
  voDayAr,
  voMonthAr,
} from './availability.js';
import { applyDowntimes } from './downtimes.js';
import { dayPeriod } from './period.js';
import { buildTimeline, constantTimeline } from './timeline.js';

const DAY = dayPeriod('2026-01-05');
const at = (time: string): number => Date.parse(`2026-01-05T${time}Z`);

describe('integrateTimeline', () => {
  it('counts UNKNOWN and MISSING out of both, and DOWNTIME out of reliability only', () => {
    const probes = buildTimeline(DAY, [
      { at: at('01:00:00'), status: 'OK' }, // 00:00–01:00 MISSING: nothing before
      { at: at('06:00:00'), status: 'WARNING' },
      { at: at('08:00:00'), status: 'CRITICAL' },
      { at: at('09:30:00'), status: 'UNKNOWN' },
      { at: at('10:00:00'), status: 'OK' },
    ]);
    const timeline = applyDowntimes(probes, [{ start: at('20:00:00'), end: at('22:00:00') }]);
    const figures = integrateTimeline(timeline);
    // MISSING 1 h = 3 600; OK 01–06 = 18 000 and 10–20 + 22–24 = 43 200; WARNING 2 h = 7 200;
    // CRITICAL 1 h 30 = 5 400; UNKNOWN 30 min = 1 800; DOWNTIME 2 h = 7 200. Sum 86 400.
    expect(figures.seconds).toEqual({
      OK: 61_200,
      WARNING: 7_200,
      UNKNOWN: 1_800,
      MISSING: 3_600,
      CRITICAL: 5_400,
      DOWNTIME: 7_200,
      total: 86_400,
    });
    // up = 61 200 + 7 200 = 68 400; known = 86 400 − 1 800 − 3 600 = 81 000.
    // availability = 68 400 / 81 000 = 0.8444… → 84.44444
    // reliability  = 68 400 / (81 000 − 7 200) = 68 400 / 73 800 = 38 / 41 = 0.9268292… → 92.68293
    expect(figures.availability).toBe(84.44444);
    expect(figures.reliability).toBe(92.68293);
    // 68 400 / 86 400 = 0.791666… → 0.79167; 5 400 / 86 400 = 0.0625; 7 200 / 86 400 = 0.08333…
    expect(figures.upFraction).toBe(0.79167);
    expect(figures.unknownFraction).toBe(0.0625);
    expect(figures.downtimeFraction).toBe(0.08333);
  });

  it('is undefined (−1) on a day with no results at all', () => {
    const figures = integrateTimeline(buildTimeline(DAY, []));
    // known = 86 400 − 86 400 (MISSING) = 0; 0 / 0.
    expect(figures).toMatchObject({
      availability: -1,
      reliability: -1,
      upFraction: 0,
      unknownFraction: 1,
      downtimeFraction: 0,
    });
  });

  it('is undefined on a day that is all UNKNOWN', () => {
    expect(integrateTimeline(constantTimeline(DAY, 'UNKNOWN'))).toMatchObject({
      availability: -1,
      reliability: -1,
      unknownFraction: 1,
    });
  });

  it('gives 0 availability and no reliability for a day all in downtime', () => {
    // availability = 0 / 86 400 = 0; reliability = 0 / (86 400 − 86 400): 0 / 0.
    expect(integrateTimeline(constantTimeline(DAY, 'DOWNTIME'))).toMatchObject({
      availability: 0,
      reliability: -1,
      downtimeFraction: 1,
    });
  });

  it('uses a result carried over from the previous day', () => {
    const timeline = buildTimeline(DAY, [
      { at: '2026-01-04T23:50:00Z', status: 'CRITICAL' },
      { at: at('06:00:00'), status: 'OK' },
    ]);
    // CRITICAL 00:00–06:00 = 21 600 s; up = 64 800; 64 800 / 86 400 = 0.75 → 75.
    expect(integrateTimeline(timeline)).toMatchObject({ availability: 75, reliability: 75 });
  });

  it('works to the second', () => {
    const timeline = buildTimeline(DAY, [
      { at: at('00:00:00'), status: 'OK' },
      { at: at('12:00:00'), status: 'CRITICAL' },
      { at: at('12:00:01'), status: 'OK' },
    ]);
    // CRITICAL 1 s; up = 86 399; 86 399 / 86 400 = 1 − 0.00001157… = 0.99998842…
    // → 99.998842… → 99.99884
    expect(integrateTimeline(timeline)).toMatchObject({
      availability: 99.99884,
      reliability: 99.99884,
    });
  });

  it('truncates each status run to whole seconds, as ARGO does', () => {
    const timeline = buildTimeline(DAY, [
      { at: at('00:00:00'), status: 'OK' },
      { at: at('12:00:00.000'), status: 'CRITICAL' },
      { at: at('12:00:01.999'), status: 'OK' },
    ]);
    // OK 00:00–12:00 = 43 200 s; CRITICAL 1.999 s → 1; OK 12:00:01.999–24:00 = 43 198.001 → 43 198.
    // up = 86 398 (a second lost to truncation); 86 398 / 86 400 = 0.99997685185…
    // → 99.997685185… → 99.99769 (the sixth decimal, 5, rounds up)
    const figures = integrateTimeline(timeline);
    expect(statusSeconds(timeline)).toMatchObject({ OK: 86_398, CRITICAL: 1, total: 86_400 });
    expect(figures.availability).toBe(99.99769);
  });
});

describe('roundHalfUp', () => {
  it('rounds the shortest decimal form half up, as BigDecimal.valueOf does', () => {
    // The double nearest 1.005 is 1.00499999999999989…, but it prints 1.005: rounds to 1.01.
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(0.000125, 5)).toBe(0.00013);
    expect(roundHalfUp(84.444444444)).toBe(84.44444);
    expect(roundHalfUp(0.000005)).toBe(0.00001);
    expect(roundHalfUp(1e-7)).toBe(0);
    expect(roundHalfUp(-1)).toBe(-1);
    expect(roundHalfUp(100)).toBe(100);
  });

  it('answers −1 for what is not a finite number, as ARGO does', () => {
    expect(roundHalfUp(Number.NaN)).toBe(-1);
    expect(roundHalfUp(Number.POSITIVE_INFINITY)).toBe(-1);
  });
});

describe('monthAr', () => {
  it('averages the daily fractions, then applies ARGO’s formulas with their 1.00000001', () => {
    const month = monthAr([
      { upFraction: 0.79167, unknownFraction: 0.0625, downtimeFraction: 0.08333 },
      { upFraction: 1, unknownFraction: 0, downtimeFraction: 0 },
      { upFraction: 0, unknownFraction: 1, downtimeFraction: 0 }, // a day without results
    ]);
    // avgUp = 1.79167 / 3; avgUnknown = 1.0625 / 3; avgDown = 0.08333 / 3.
    // availability = (1.79167 / 3) / (1.00000001 − 1.0625 / 3) × 100
    //              = 1.79167 / (3.00000003 − 1.0625) × 100 = 1.79167 / 1.93750003 × 100
    //              ≈ 92.4732889 (without the 1e-8: 1.79167 / 1.9375 = 0.92473290…)
    // reliability  = 1.79167 / (3.00000003 − 1.0625 − 0.08333) × 100 = 1.79167 / 1.85417003 × 100
    //              ≈ 96.6292180
    expect(month.days).toBe(3);
    expect(month.availability).toBeCloseTo(92.4732889, 6);
    expect(month.reliability).toBeCloseTo(96.629218, 6);
    expect(month.upFraction).toBeCloseTo(0.5972233, 6);
    expect(month.unknownFraction).toBeCloseTo(0.3541667, 6);
    expect(month.downtimeFraction).toBeCloseTo(0.0277767, 6);
  });

  it('is −1 for a month without known time, where ARGO’s guard would say 0', () => {
    const none = { upFraction: 0, unknownFraction: 1, downtimeFraction: 0 };
    expect(monthAr([none, none])).toMatchObject({ availability: -1, reliability: -1 });
    expect(monthAr([])).toMatchObject({ availability: -1, reliability: -1, days: 0 });
    // All in downtime: availability 0 / 1.00000001 = 0, reliability has nothing left.
    const down = { upFraction: 0, unknownFraction: 0, downtimeFraction: 1 };
    expect(monthAr([down])).toMatchObject({ availability: 0, reliability: -1 });
  });
});

describe('VO A/R', () => {
  it('weighs each site by weight + 1 and leaves undefined sites out', () => {
    // availability = (90 × 1 + 60 × 3) / (1 + 3) = 270 / 4 = 67.5
    // reliability  = (95 × 1 + 100 × 3) / 4 = 395 / 4 = 98.75
    expect(
      voDayAr([
        { availability: 90, reliability: 95 },
        { availability: 60, reliability: 100, weight: 2 },
        { availability: -1, reliability: -1, weight: 10 },
      ]),
    ).toEqual({ availability: 67.5, reliability: 98.75 });
  });

  it('leaves out each figure on its own', () => {
    // A site all in downtime: availability 0 counts, reliability −1 does not.
    // availability = (0 + 80) / 2 = 40; reliability = 90 / 1 = 90.
    expect(
      voDayAr([
        { availability: 0, reliability: -1 },
        { availability: 80, reliability: 90 },
      ]),
    ).toEqual({ availability: 40, reliability: 90 });
  });

  it('is −1 when no site has a figure, and refuses a negative weight', () => {
    expect(voDayAr([])).toEqual({ availability: -1, reliability: -1 });
    expect(() => voDayAr([{ availability: 1, reliability: 1, weight: -2 }])).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
  });

  it('averages the days of a month, skipping undefined days', () => {
    // availability = (67.5 + 80) / 2 = 73.75; reliability = (98.75 + 90) / 2 = 94.375.
    expect(
      voMonthAr([
        { availability: 67.5, reliability: 98.75 },
        { availability: -1, reliability: -1 },
        { availability: 80, reliability: 90 },
      ]),
    ).toEqual({ availability: 73.75, reliability: 94.375 });
    expect(voMonthAr([{ availability: -1, reliability: -1 }])).toEqual({
      availability: -1,
      reliability: -1,
    });
  });
});
