import { describe, expect, it } from 'vitest';
import { computeSiteStatus, isOngoing } from './site-status.js';

const now = new Date('2025-03-01T12:00:00Z');

describe('site status', () => {
  it('puts an ongoing outage first, then the freshness of the information', () => {
    expect(
      computeSiteStatus({ outageOngoing: true, infoExpiresAt: '2025-03-02T00:00:00Z' }, now),
    ).toBe('downtime');
    expect(computeSiteStatus({ outageOngoing: true, infoExpiresAt: null }, now)).toBe('downtime');
    expect(computeSiteStatus({ outageOngoing: false, infoExpiresAt: null }, now)).toBe('no-info');
    expect(
      computeSiteStatus({ outageOngoing: false, infoExpiresAt: '2025-03-01T11:59:59Z' }, now),
    ).toBe('stale');
    // Valid up to and including its expiry instant.
    expect(
      computeSiteStatus({ outageOngoing: false, infoExpiresAt: '2025-03-01T12:00:00Z' }, now),
    ).toBe('ok');
  });

  it('counts a downtime as ongoing from its start to just before its end', () => {
    expect(isOngoing('2025-03-01T12:00:00Z', '2025-03-01T13:00:00Z', now)).toBe(true);
    expect(isOngoing('2025-03-01T11:00:00Z', '2025-03-01T12:00:00Z', now)).toBe(false);
    expect(isOngoing('2025-03-01T12:00:01Z', '2025-03-01T13:00:00Z', now)).toBe(false);
  });
});
