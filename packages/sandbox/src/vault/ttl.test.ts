import { describe, expect, it } from 'vitest';
import { humanDuration, parseDurationSecond } from './duration.js';
import { calculateTtl } from './ttl.js';

const T0 = 1_700_000_000;

describe('Vault durations', () => {
  it('reads numbers and digit strings as seconds, <n>d as days, the rest as Go durations', () => {
    expect(parseDurationSecond(90)).toEqual({ seconds: 90 });
    expect(parseDurationSecond('90')).toEqual({ seconds: 90 });
    expect(parseDurationSecond('24h')).toEqual({ seconds: 86_400 });
    expect(parseDurationSecond('30m')).toEqual({ seconds: 1_800 });
    expect(parseDurationSecond('2d')).toEqual({ seconds: 172_800 });
    expect(parseDurationSecond('1.9s')).toEqual({ seconds: 1 });
    expect(parseDurationSecond('')).toEqual({ seconds: 0 });
    expect(parseDurationSecond(undefined)).toEqual({ seconds: 0 });
    expect(parseDurationSecond('soon')).toEqual({ error: 'time: invalid duration "soon"' });
    expect(parseDurationSecond(true)).toEqual({ error: 'could not parse duration from input' });
  });

  it("quotes durations in warnings as Vault's humanDuration does", () => {
    expect(humanDuration(2_764_800)).toBe('768h');
    expect(humanDuration(5_400)).toBe('1h30m');
    expect(humanDuration(90)).toBe('1m30s');
    expect(humanDuration(45)).toBe('45s');
  });
});

describe('calculateTtl', () => {
  const base = {
    increment: 0,
    period: 0,
    backendMaxTtl: 0,
    explicitMaxTtl: 0,
    startTime: T0,
    now: T0,
  };

  it('gives the asked TTL, else the system default of 32 days', () => {
    expect(calculateTtl({ ...base, backendTtl: 86_400 })).toEqual({ ttl: 86_400, warnings: [] });
    expect(calculateTtl({ ...base, backendTtl: 0 })).toEqual({ ttl: 2_764_800, warnings: [] });
  });

  it('caps at the system max with the warning Vault prints', () => {
    // 800h = 2 880 000 s is more than 768h.
    expect(calculateTtl({ ...base, backendTtl: 2_880_000 })).toEqual({
      ttl: 2_764_800,
      warnings: [
        'TTL of "800h" exceeded the effective max_ttl of "768h"; TTL value is capped accordingly',
      ],
    });
  });

  it('counts the max TTL from the issue time on renewal', () => {
    // Issued 767h ago (2 761 200 s): one hour (3 600 s) of the 768h is left, whatever is asked.
    const renewal = calculateTtl({
      ...base,
      increment: 86_400,
      backendTtl: 3_600,
      now: T0 + 2_761_200,
    });
    expect(renewal).toEqual({
      ttl: 3_600,
      warnings: [
        'TTL of "24h" exceeded the effective max_ttl of "1h"; TTL value is capped accordingly',
      ],
    });
    expect(calculateTtl({ ...base, increment: 60, backendTtl: 60, now: T0 + 2_764_800 })).toEqual({
      error: 'past the max TTL, cannot renew',
    });
  });

  it('lets an explicit max TTL win over a longer one', () => {
    expect(calculateTtl({ ...base, backendTtl: 7_200, explicitMaxTtl: 600 })).toEqual({
      ttl: 600,
      warnings: [
        'TTL of "2h" exceeded the effective max_ttl of "10m"; TTL value is capped accordingly',
      ],
    });
  });
});
