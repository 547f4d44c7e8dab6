import { describe, expect, it } from 'vitest';
import { dayPeriod, daysOfMonth, periodOf, toMillis } from './period.js';

// 2026-01-05T00:00:00Z by hand: 1970→2026 is 56 years with 14 leap days (1972…2024), so
// 56 × 365 + 14 = 20 454 days to 2026-01-01, + 4 = 20 458 days; × 86 400 s = 1 767 571 200 s.
const JAN5 = 1_767_571_200_000;

describe('periods', () => {
  it('reads a UTC day', () => {
    expect(dayPeriod('2026-01-05')).toEqual({ start: JAN5, end: JAN5 + 86_400_000 });
  });

  it('refuses days that are not', () => {
    expect(() => dayPeriod('2026-02-30')).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => dayPeriod('5 Jan 2026')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('lists the days of a month, leap Februaries included', () => {
    const feb = daysOfMonth('2028-02');
    expect(feb).toHaveLength(29);
    expect(feb[0]).toBe('2028-02-01');
    expect(feb.at(-1)).toBe('2028-02-29');
    expect(daysOfMonth('2026-01')).toHaveLength(31);
    expect(() => daysOfMonth('2026-13')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('takes milliseconds or ISO times with a zone', () => {
    expect(toMillis(JAN5)).toBe(JAN5);
    expect(toMillis('2026-01-05T00:00:00Z')).toBe(JAN5);
    // 01:30 at +01:30 is midnight UTC.
    expect(toMillis('2026-01-05T01:30:00+01:30')).toBe(JAN5);
    expect(toMillis('2026-01-05')).toBe(JAN5);
  });

  it('refuses a time without a zone, which would be read in local time', () => {
    expect(() => toMillis('2026-01-05T10:00:00')).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
    expect(() => toMillis(Number.NaN)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => periodOf(JAN5, JAN5)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
