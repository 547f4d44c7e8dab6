import { describe, expect, it } from 'vitest';
import { HubError } from '../../errors.js';
import { checkParams, inScope, like, piDate, yesNo } from './params.js';

describe('GOCDB PI parameters', () => {
  it('matches like SQL LIKE, case-insensitively, with regex characters taken literally', () => {
    expect(like('NGI_%', 'NGI_SK')).toBe(true);
    expect(like('ngi\\_sk', 'NGI_SK')).toBe(false);
    expect(like('a.b', 'axb')).toBe(false);
    expect(like('a_b', 'axb')).toBe(true);
    expect(like('%.example.org', 'ssm.a.example.org')).toBe(true);
    expect(like('site-a', 'SITE-A')).toBe(true);
    expect(like('SITE', 'SITE-A')).toBe(false);
  });

  it('refuses unknown parameters and quotes in values', () => {
    expect(() => checkParams({ a: '1' }, ['a'])).not.toThrow();
    expect(() => checkParams({ b: '1' }, ['a'])).toThrow(
      new HubError('BAD_REQUEST', 'Unsupported parameter: b'),
    );
    expect(() => checkParams({ a: 'x`' }, ['a'])).toThrow(/Unsupported character/);
  });

  it('reads Y/N flags, dates and scopes', () => {
    expect(yesNo({ m: 'y' }, 'm')).toBe(true);
    expect(yesNo({ m: 'N' }, 'm')).toBe(false);
    expect(yesNo({}, 'm')).toBeUndefined();
    expect(() => yesNo({ m: 'maybe' }, 'm')).toThrow(/must be Y or N/);
    expect(piDate({ d: '2025-01-31' }, 'd')?.toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(piDate({ d: '2025-01-31T10:00:00+02:00' }, 'd')?.toISOString()).toBe(
      '2025-01-31T08:00:00.000Z',
    );
    expect(() => piDate({ d: '31/01/2025' }, 'd')).toThrow(/Invalid d value/);
    expect(inScope({})).toBe(true);
    expect(inScope({ scope: 'EGI,Local' })).toBe(true);
    expect(inScope({ scope: 'EGI,Local', scope_match: 'all' })).toBe(false);
    expect(inScope({ scope: 'Local' })).toBe(false);
    expect(() => inScope({ scope: 'EGI', scope_match: 'some' })).toThrow(/scope_match/);
  });
});
