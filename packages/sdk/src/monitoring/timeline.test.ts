import { describe, expect, it } from 'vitest';
import { dayPeriod } from './period.js';
import type { Status } from './status.js';
import {
  aggregateTimelines,
  buildTimeline,
  constantTimeline,
  mergeSegments,
  type Segment,
  statusAt,
  type Timeline,
} from './timeline.js';

const DAY = dayPeriod('2026-01-05');
/** An instant of 2026-01-05 by its UTC time of day; '24:00' is the day's end. */
const at = (time: string): number =>
  time === '24:00' ? DAY.end : Date.parse(`2026-01-05T${time}${time.length === 5 ? ':00' : ''}Z`);
const seg = (from: string, to: string, status: Status): Segment => ({
  start: at(from),
  end: at(to),
  status,
});
const day = (...segments: Segment[]): Timeline => ({ ...DAY, segments });

describe('buildTimeline', () => {
  it('is MISSING all day without any result', () => {
    expect(buildTimeline(DAY, [])).toEqual(day(seg('00:00', '24:00', 'MISSING')));
  });

  it('holds each result until the next, and opens MISSING before the first', () => {
    const timeline = buildTimeline(DAY, [
      { at: '2026-01-05T06:00:00Z', status: 'OK' },
      { at: '2026-01-05T09:30:00Z', status: 'CRITICAL' },
      { at: '2026-01-05T10:00:00Z', status: 'OK' },
    ]);
    expect(timeline).toEqual(
      day(
        seg('00:00', '06:00', 'MISSING'),
        seg('06:00', '09:30', 'OK'),
        seg('09:30', '10:00', 'CRITICAL'),
        seg('10:00', '24:00', 'OK'),
      ),
    );
  });

  it("carries the previous day's last result over to midnight", () => {
    const timeline = buildTimeline(DAY, [
      { at: '2026-01-04T22:00:00Z', status: 'CRITICAL' },
      { at: '2026-01-04T23:00:00Z', status: 'WARNING' },
      { at: '2026-01-05T03:00:00Z', status: 'OK' },
    ]);
    expect(timeline).toEqual(day(seg('00:00', '03:00', 'WARNING'), seg('03:00', '24:00', 'OK')));
  });

  it('lets a result at midnight win over the carried one', () => {
    const timeline = buildTimeline(DAY, [
      { at: '2026-01-04T23:00:00Z', status: 'CRITICAL' },
      { at: '2026-01-05T00:00:00Z', status: 'OK' },
    ]);
    expect(timeline).toEqual(day(seg('00:00', '24:00', 'OK')));
  });

  it('does not expire a result: one early result holds all day', () => {
    const timeline = buildTimeline(DAY, [{ at: '2026-01-05T00:05:00Z', status: 'OK' }]);
    expect(timeline).toEqual(day(seg('00:00', '00:05', 'MISSING'), seg('00:05', '24:00', 'OK')));
  });

  it('sorts the results, lets the later of two at one instant win, and ignores the next day', () => {
    const timeline = buildTimeline(DAY, [
      { at: at('12:00'), status: 'CRITICAL' },
      { at: at('08:00'), status: 'UNKNOWN' },
      { at: at('08:00'), status: 'WARNING' },
      { at: DAY.end, status: 'OK' },
    ]);
    expect(timeline).toEqual(
      day(
        seg('00:00', '08:00', 'MISSING'),
        seg('08:00', '12:00', 'WARNING'),
        seg('12:00', '24:00', 'CRITICAL'),
      ),
    );
  });

  it('merges repeated statuses into one segment', () => {
    const timeline = buildTimeline(DAY, [
      { at: at('00:00'), status: 'OK' },
      { at: at('01:00'), status: 'OK' },
      { at: at('02:00'), status: 'WARNING' },
      { at: at('03:00'), status: 'WARNING' },
    ]);
    expect(timeline).toEqual(day(seg('00:00', '02:00', 'OK'), seg('02:00', '24:00', 'WARNING')));
  });
});

describe('mergeSegments', () => {
  it('joins touching neighbours of one status only', () => {
    expect(
      mergeSegments([
        seg('00:00', '01:00', 'OK'),
        seg('01:00', '02:00', 'OK'),
        seg('02:00', '03:00', 'CRITICAL'),
        seg('03:00', '04:00', 'OK'),
      ]),
    ).toEqual([
      seg('00:00', '02:00', 'OK'),
      seg('02:00', '03:00', 'CRITICAL'),
      seg('03:00', '04:00', 'OK'),
    ]);
  });
});

describe('statusAt', () => {
  it('finds the segment holding an instant, start included, end excluded', () => {
    const timeline = day(seg('00:00', '10:00', 'OK'), seg('10:00', '24:00', 'CRITICAL'));
    expect(statusAt(timeline, at('09:59:59'))).toBe('OK');
    expect(statusAt(timeline, '2026-01-05T10:00:00Z')).toBe('CRITICAL');
    expect(statusAt(timeline, DAY.end)).toBeUndefined();
  });
});

describe('aggregateTimelines', () => {
  const a = day(
    seg('00:00', '06:00', 'OK'),
    seg('06:00', '12:00', 'CRITICAL'),
    seg('12:00', '24:00', 'OK'),
  );
  const b = day(
    seg('00:00', '09:00', 'OK'),
    seg('09:00', '18:00', 'DOWNTIME'),
    seg('18:00', '24:00', 'UNKNOWN'),
  );

  it('ANDs instant by instant', () => {
    // 00–06 OK∧OK = OK; 06–09 CRITICAL∧OK = CRITICAL; 09–12 CRITICAL∧DOWNTIME = CRITICAL;
    // 12–18 OK∧DOWNTIME = DOWNTIME; 18–24 OK∧UNKNOWN = UNKNOWN.
    expect(aggregateTimelines('AND', [a, b])).toEqual(
      day(
        seg('00:00', '06:00', 'OK'),
        seg('06:00', '12:00', 'CRITICAL'),
        seg('12:00', '18:00', 'DOWNTIME'),
        seg('18:00', '24:00', 'UNKNOWN'),
      ),
    );
  });

  it('ORs instant by instant', () => {
    // 00–06 OK; 06–09 CRITICAL∨OK = OK; 09–12 CRITICAL∨DOWNTIME = CRITICAL;
    // 12–18 OK∨DOWNTIME = OK; 18–24 OK∨UNKNOWN = OK.
    expect(aggregateTimelines('OR', [a, b])).toEqual(
      day(
        seg('00:00', '09:00', 'OK'),
        seg('09:00', '12:00', 'CRITICAL'),
        seg('12:00', '24:00', 'OK'),
      ),
    );
  });

  it('folds three timelines, and one is itself', () => {
    const c = constantTimeline(DAY, 'MISSING');
    // AND with MISSING: OK∧MISSING = MISSING, CRITICAL∧MISSING = CRITICAL,
    // DOWNTIME∧MISSING = DOWNTIME, UNKNOWN∧MISSING = MISSING.
    expect(aggregateTimelines('AND', [a, b, c])).toEqual(
      day(
        seg('00:00', '06:00', 'MISSING'),
        seg('06:00', '12:00', 'CRITICAL'),
        seg('12:00', '18:00', 'DOWNTIME'),
        seg('18:00', '24:00', 'MISSING'),
      ),
    );
    expect(aggregateTimelines('OR', [a])).toEqual(a);
  });

  it('refuses timelines of different periods, and nothing', () => {
    const other = constantTimeline(dayPeriod('2026-01-06'), 'OK');
    expect(() => aggregateTimelines('AND', [a, other])).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
    expect(() => aggregateTimelines('AND', [])).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
