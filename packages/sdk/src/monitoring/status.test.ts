import { describe, expect, it } from 'vitest';
import { combine, combineAll, isStatus, OPERATIONS, STATUSES } from './status.js';

describe('egi_ops truth tables', () => {
  it('answer every ordered pair, the same both ways round', () => {
    for (const op of OPERATIONS) {
      for (const a of STATUSES) {
        for (const b of STATUSES) expect(combine(op, a, b)).toBe(combine(op, b, a));
      }
    }
  });

  // Rows read off EGI-algorithm.json by hand.
  it.each([
    ['AND', 'OK', 'WARNING', 'WARNING'],
    ['AND', 'UNKNOWN', 'MISSING', 'MISSING'],
    ['AND', 'MISSING', 'CRITICAL', 'CRITICAL'],
    ['AND', 'OK', 'DOWNTIME', 'DOWNTIME'],
    ['AND', 'MISSING', 'DOWNTIME', 'DOWNTIME'],
    ['AND', 'CRITICAL', 'DOWNTIME', 'CRITICAL'],
    ['AND', 'DOWNTIME', 'CRITICAL', 'CRITICAL'],
    ['OR', 'OK', 'CRITICAL', 'OK'],
    ['OR', 'WARNING', 'CRITICAL', 'WARNING'],
    ['OR', 'UNKNOWN', 'CRITICAL', 'CRITICAL'],
    ['OR', 'MISSING', 'CRITICAL', 'CRITICAL'],
    ['OR', 'UNKNOWN', 'MISSING', 'UNKNOWN'],
    ['OR', 'UNKNOWN', 'DOWNTIME', 'UNKNOWN'],
    ['OR', 'MISSING', 'DOWNTIME', 'DOWNTIME'],
    ['OR', 'CRITICAL', 'DOWNTIME', 'CRITICAL'],
  ] as const)('%s(%s, %s) = %s', (op, a, b, x) => {
    expect(combine(op, a, b)).toBe(x);
  });

  it('folds many statuses left to right', () => {
    // AND: OK∧WARNING = WARNING; WARNING∧UNKNOWN = UNKNOWN; UNKNOWN∧DOWNTIME = DOWNTIME.
    expect(combineAll('AND', ['OK', 'WARNING', 'UNKNOWN', 'DOWNTIME'])).toBe('DOWNTIME');
    // OR: CRITICAL∨MISSING = CRITICAL; CRITICAL∨WARNING = WARNING.
    expect(combineAll('OR', ['CRITICAL', 'MISSING', 'WARNING'])).toBe('WARNING');
    expect(combineAll('OR', ['UNKNOWN'])).toBe('UNKNOWN');
  });

  it('refuses to fold nothing', () => {
    expect(() => combineAll('AND', [])).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('knows its statuses', () => {
    expect(isStatus('DOWNTIME')).toBe(true);
    expect(isStatus('ok')).toBe(false);
  });
});
