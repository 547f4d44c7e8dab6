import type { SiteStatus, SiteSummary } from '@fedcloud/hub/api-types';
import { STATUSES } from './format.js';

/** The overview table's filter and sort, kept in the URL's query so a view can be shared or bookmarked. */
export type SortKey =
  'name' | 'country' | 'status' | 'voCount' | 'endpointCount' | 'lastPublishedAt';
type SortDirection = 'asc' | 'desc';

export interface SiteQuery {
  text: string;
  status: SiteStatus | 'all';
  sort: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SITE_QUERY: SiteQuery = {
  text: '',
  status: 'all',
  sort: 'name',
  direction: 'asc',
};

const SORT_KEYS: SortKey[] = [
  'name',
  'country',
  'status',
  'voCount',
  'endpointCount',
  'lastPublishedAt',
];

// Sorting by status puts the sites needing attention first when ascending.
const STATUS_RANK: Record<SiteStatus, number> = {
  downtime: 0,
  failing: 1,
  stale: 2,
  'no-info': 3,
  ok: 4,
};

export function parseSiteQuery(search: string): SiteQuery {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  const sort = params.get('sort');
  return {
    text: params.get('q') ?? '',
    status: STATUSES.includes(status as SiteStatus) ? (status as SiteStatus) : 'all',
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : DEFAULT_SITE_QUERY.sort,
    direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** The query string for `query`, leaving defaults out ("" when everything is default). */
export function formatSiteQuery(query: SiteQuery): string {
  const params = new URLSearchParams();
  if (query.text) params.set('q', query.text);
  if (query.status !== 'all') params.set('status', query.status);
  if (query.sort !== DEFAULT_SITE_QUERY.sort) params.set('sort', query.sort);
  if (query.direction !== 'asc') params.set('dir', query.direction);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Clicking the current column flips the direction; a new column starts ascending. */
export function toggleSort(query: SiteQuery, key: SortKey): SiteQuery {
  if (query.sort === key)
    return { ...query, direction: query.direction === 'asc' ? 'desc' : 'asc' };
  return { ...query, sort: key, direction: 'asc' };
}

function matchesText(site: SiteSummary, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [site.name, site.officialName, site.country, site.countryCode].some((field) =>
    field.toLowerCase().includes(needle),
  );
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareBy(key: SortKey, a: SiteSummary, b: SiteSummary): number {
  switch (key) {
    case 'name':
      return collator.compare(a.name, b.name);
    case 'country':
      return collator.compare(a.country, b.country);
    case 'status':
      return STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'voCount':
      return a.voCount - b.voCount;
    case 'endpointCount':
      return a.endpointCount - b.endpointCount;
    case 'lastPublishedAt':
      return Date.parse(a.lastPublishedAt ?? '') - Date.parse(b.lastPublishedAt ?? '');
  }
}

/** Filters and sorts; ties fall back to the name, and sites that never published sort last either way. */
export function applySiteQuery(sites: readonly SiteSummary[], query: SiteQuery): SiteSummary[] {
  const sign = query.direction === 'asc' ? 1 : -1;
  return sites
    .filter(
      (site) =>
        (query.status === 'all' || site.status === query.status) && matchesText(site, query.text),
    )
    .sort((a, b) => {
      if (
        query.sort === 'lastPublishedAt' &&
        (a.lastPublishedAt === null) !== (b.lastPublishedAt === null)
      ) {
        return a.lastPublishedAt === null ? 1 : -1;
      }
      return sign * compareBy(query.sort, a, b) || collator.compare(a.name, b.name);
    });
}
