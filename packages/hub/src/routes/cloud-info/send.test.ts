import { describe, expect, it } from 'vitest';
import { chooseCoding } from './send.js';

describe('content coding from Accept-Encoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.1, gzip;q=0.2', 'gzip'],
    ['identity', 'identity'],
    ['GZIP ; Q=1', 'gzip'],
    ['gzip;q=nonsense', 'identity'],
    ['deflate', 'identity'],
  ])('%s → %s', (header, coding) => {
    expect(chooseCoding(header)).toBe(coding);
  });
});
