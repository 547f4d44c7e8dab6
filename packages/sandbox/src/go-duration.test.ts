import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

describe('Go durations', () => {
  it('parses what time.ParseDuration parses', () => {
    expect(parseGoDuration('24h')).toEqual({ seconds: 86_400 });
    expect(parseGoDuration('1h30m')).toEqual({ seconds: 5_400 });
    expect(parseGoDuration('1.5s')).toEqual({ seconds: 1.5 });
    expect(parseGoDuration('-2m')).toEqual({ seconds: -120 });
    expect(parseGoDuration('0')).toEqual({ seconds: 0 });
  });

  it("refuses the rest with Go's messages", () => {
    expect(parseGoDuration('abc')).toEqual({ error: 'time: invalid duration "abc"' });
    expect(parseGoDuration('10')).toEqual({ error: 'time: missing unit in duration "10"' });
    expect(parseGoDuration('3d')).toEqual({ error: 'time: unknown unit "d" in duration "3d"' });
    expect(parseGoDuration('')).toEqual({ error: 'time: invalid duration ""' });
  });

  it('prints like Duration.String', () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(5)).toBe('5s');
    expect(formatGoDuration(65)).toBe('1m5s');
    expect(formatGoDuration(86_400)).toBe('24h0m0s');
    expect(formatGoDuration(3_661)).toBe('1h1m1s');
    expect(formatGoDuration(-90)).toBe('-1m30s');
  });
});
