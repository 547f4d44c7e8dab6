import type { SiteSummary } from '@fedcloud/hub/api-types';
import { describe, expect, it } from 'vitest';
import {
  applySiteQuery,
  DEFAULT_SITE_QUERY,
  formatSiteQuery,
  parseSiteQuery,
  toggleSort,
} from './site-query.js';

const site = (name: string, extra: Partial<SiteSummary> = {}): SiteSummary => ({
  name,
  officialName: name,
  country: '',
  countryCode: '',
  latitude: null,
  longitude: null,
  certificationStatus: 'Certified',
  productionInfrastructure: 'Production',
  status: 'ok',
  voCount: 0,
  endpointCount: 0,
  lastPublishedAt: null,
  infoExpiresAt: null,
  statusReason: null,
  failingSince: null,
  ...extra,
});

const sites = [
  site('IFCA-LCG2', {
    country: 'Spain',
    countryCode: 'ES',
    status: 'downtime',
    voCount: 2,
    lastPublishedAt: '2026-11-20T10:00:00Z',
  }),
  site('CESNET-MCC', {
    country: 'Czech Republic',
    countryCode: 'CZ',
    voCount: 2,
    lastPublishedAt: '2026-11-22T10:00:00Z',
  }),
  site('new-site', { country: 'Poland', countryCode: 'PL', status: 'no-info' }),
  site('SCAI', {
    officialName: 'Fraunhofer SCAI',
    country: 'Germany',
    status: 'stale',
    voCount: 1,
    lastPublishedAt: '2026-11-01T10:00:00Z',
  }),
];
const names = (list: SiteSummary[]) => list.map((s) => s.name);

describe('applySiteQuery', () => {
  it('sorts by name case-insensitively by default', () => {
    expect(names(applySiteQuery(sites, DEFAULT_SITE_QUERY))).toEqual([
      'CESNET-MCC',
      'IFCA-LCG2',
      'new-site',
      'SCAI',
    ]);
  });

  it('sorts numbers both ways, breaking ties by name', () => {
    const asc = { ...DEFAULT_SITE_QUERY, sort: 'voCount' as const };
    expect(names(applySiteQuery(sites, asc))).toEqual([
      'new-site',
      'SCAI',
      'CESNET-MCC',
      'IFCA-LCG2',
    ]);
    expect(names(applySiteQuery(sites, { ...asc, direction: 'desc' }))).toEqual([
      'CESNET-MCC',
      'IFCA-LCG2',
      'SCAI',
      'new-site',
    ]);
  });

  it('puts the sites needing attention first when sorting by status', () => {
    expect(names(applySiteQuery(sites, { ...DEFAULT_SITE_QUERY, sort: 'status' }))).toEqual([
      'IFCA-LCG2',
      'SCAI',
      'new-site',
      'CESNET-MCC',
    ]);
  });

  it('keeps never-published sites last in either direction of the publication column', () => {
    const query = { ...DEFAULT_SITE_QUERY, sort: 'lastPublishedAt' as const };
    expect(names(applySiteQuery(sites, query))).toEqual([
      'SCAI',
      'IFCA-LCG2',
      'CESNET-MCC',
      'new-site',
    ]);
    expect(names(applySiteQuery(sites, { ...query, direction: 'desc' }))).toEqual([
      'CESNET-MCC',
      'IFCA-LCG2',
      'SCAI',
      'new-site',
    ]);
  });

  it('filters by name, official name, country or code, and by status', () => {
    expect(names(applySiteQuery(sites, { ...DEFAULT_SITE_QUERY, text: '  spain ' }))).toEqual([
      'IFCA-LCG2',
    ]);
    expect(names(applySiteQuery(sites, { ...DEFAULT_SITE_QUERY, text: 'fraunhofer' }))).toEqual([
      'SCAI',
    ]);
    expect(names(applySiteQuery(sites, { ...DEFAULT_SITE_QUERY, text: 'cz' }))).toEqual([
      'CESNET-MCC',
    ]);
    expect(names(applySiteQuery(sites, { ...DEFAULT_SITE_QUERY, status: 'stale' }))).toEqual([
      'SCAI',
    ]);
    expect(applySiteQuery(sites, { ...DEFAULT_SITE_QUERY, text: 'spain', status: 'ok' })).toEqual(
      [],
    );
  });

  it('does not reorder its input', () => {
    const before = names(sites);
    applySiteQuery(sites, { ...DEFAULT_SITE_QUERY, sort: 'status' });
    expect(names(sites)).toEqual(before);
  });
});

describe('site query in the URL', () => {
  it('round-trips through the query string, leaving defaults out', () => {
    const query = {
      text: 'cz net',
      status: 'stale' as const,
      sort: 'endpointCount' as const,
      direction: 'desc' as const,
    };
    expect(parseSiteQuery(formatSiteQuery(query))).toEqual(query);
    expect(formatSiteQuery(DEFAULT_SITE_QUERY)).toBe('');
  });

  it('ignores unknown values instead of failing on a hand-edited URL', () => {
    expect(parseSiteQuery('?status=broken&sort=__proto__&dir=sideways')).toEqual(
      DEFAULT_SITE_QUERY,
    );
  });

  it('flips the direction on the same column and starts ascending on a new one', () => {
    const byVos = toggleSort(DEFAULT_SITE_QUERY, 'voCount');
    expect(byVos).toMatchObject({ sort: 'voCount', direction: 'asc' });
    expect(toggleSort(byVos, 'voCount')).toMatchObject({ sort: 'voCount', direction: 'desc' });
    expect(toggleSort({ ...byVos, direction: 'desc' }, 'name')).toMatchObject({
      sort: 'name',
      direction: 'asc',
    });
  });
});
