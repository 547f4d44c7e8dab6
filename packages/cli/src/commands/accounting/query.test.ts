import { FedcloudError } from '@fedcloud/sdk';
import { describe, expect, it } from 'vitest';
import { parseGroupBy, parseMonthRange, usageQuery } from './query.js';

const usageError = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FedcloudError);
    expect((error as FedcloudError).code).toBe('USAGE');
    return (error as FedcloudError).message;
  }
  throw new Error('no error');
};

describe('parseGroupBy', () => {
  it('takes repeated flags and comma lists, keeps the first of each, defaults to month', () => {
    expect(parseGroupBy(['site,vo', 'month', 'vo'])).toEqual(['site', 'vo', 'month']);
    expect(parseGroupBy([' user , cpu '])).toEqual(['user', 'cpu']);
    expect(parseGroupBy(undefined)).toEqual(['month']);
    expect(parseGroupBy([','])).toEqual(['month']);
  });

  it('names the groups it knows when given another', () => {
    expect(usageError(() => parseGroupBy(['site,colour']))).toBe(
      'unknown --group-by "colour": group by site, vo, user, month, status, image or cpu',
    );
  });
});

describe('parseMonthRange', () => {
  it('takes YYYY-MM, both included, from not after to', () => {
    expect(parseMonthRange({ from: '2026-01', to: '2026-01' })).toEqual({
      from: '2026-01',
      to: '2026-01',
    });
    expect(parseMonthRange({})).toEqual({});
    expect(usageError(() => parseMonthRange({ from: '2026-13' }))).toBe(
      '--from must be a month, YYYY-MM (e.g. 2026-01), not "2026-13"',
    );
    expect(usageError(() => parseMonthRange({ to: '2026-1-1' }))).toBe(
      '--to must be a month, YYYY-MM (e.g. 2026-01), not "2026-1-1"',
    );
    expect(usageError(() => parseMonthRange({ from: '2026-03', to: '2025-12' }))).toBe(
      '--from 2026-03 is after --to 2025-12',
    );
  });
});

describe('usageQuery', () => {
  it('passes the filters on and refuses --mine beside --user', () => {
    expect(usageQuery({ site: 'S', vo: 'V', user: 'u', groupBy: ['user'] })).toEqual({
      site: 'S',
      vo: 'V',
      user: 'u',
      groupBy: ['user'],
    });
    expect(usageError(() => usageQuery({ mine: true, user: 'u' }))).toBe(
      '--mine and --user name the user twice: give one of them',
    );
  });
});
