import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatMemoryMb, formatRelative } from './format.js';

describe('format', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it('says how long ago or ahead an instant is', () => {
    expect(formatRelative('2026-11-22T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2026-11-24T12:00:00Z', now)).toBe('in 2 days');
    expect(formatRelative('2026-11-22T11:59:30Z', now)).toBe('now');
    expect(formatRelative('not a date', now)).toBe('not a date');
  });

  it('prints instants in UTC, whatever the browser zone', () => {
    expect(formatAbsolute('2026-11-22T09:05:00Z')).toBe('22 Nov 2026, 09:05 UTC');
  });

  it('prints memory in GiB from a GiB up', () => {
    expect(formatMemoryMb(512)).toBe('512 MiB');
    expect(formatMemoryMb(2048)).toBe('2 GiB');
    expect(formatMemoryMb(1536)).toBe('1.5 GiB');
  });
});
