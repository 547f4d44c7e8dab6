import type { Context } from 'hono';
import type { SiteContext } from '../site/context.js';
import { badRequest, type NeutronError } from './errors.js';

/**
 * Query strings of Neutron list and show requests, shared by every resource:
 * filtering by any attribute (repeatable values are OR-ed, different attributes AND-ed), tag
 * filters, `fields=` selection, limit/marker/page_reverse pagination and sort_key/sort_dir.
 * https://docs.openstack.org/api-ref/network/v2/#filtering-and-column-selection
 * https://docs.openstack.org/api-ref/network/v2/#pagination
 * https://docs.openstack.org/api-ref/network/v2/#sorting
 */
export interface ListQuery {
  filters: [string, string[]][];
  tagFilters: { all: string[][]; any: string[][]; notAll: string[][]; notAny: string[][] };
  fields: string[];
  limit: number | undefined;
  marker: string | undefined;
  pageReverse: boolean;
  sort: { key: string; dir: 'asc' | 'desc' }[];
  params: URLSearchParams;
}

type Body = Record<string, unknown> & { id: string };

const CONTROL = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir']);
const TAG_FILTERS = {
  tags: 'all',
  'tags-any': 'any',
  'not-tags': 'notAll',
  'not-tags-any': 'notAny',
} as const;

export function queryParams(c: Context): URLSearchParams {
  return new URL(c.req.url).searchParams;
}

/** `fields=` of a show request. */
export function fieldsOf(c: Context): string[] {
  return queryParams(c).getAll('fields').flatMap(splitList);
}

/**
 * Parses a list query, refusing filters on attributes the resource does not have as neutron does
 * with the filter-validation extension.
 */
export function parseListQuery(params: URLSearchParams, attributes: readonly string[]): ListQuery {
  const known = new Set(attributes);
  const filters = new Map<string, string[]>();
  const tagFilters: ListQuery['tagFilters'] = { all: [], any: [], notAll: [], notAny: [] };
  for (const [key, value] of params) {
    if (CONTROL.has(key)) continue;
    if (key in TAG_FILTERS) {
      tagFilters[TAG_FILTERS[key as keyof typeof TAG_FILTERS]].push(splitList(value));
      continue;
    }
    if (!known.has(key)) throw badRequest(`[${key}] is invalid attribute for filtering`);
    filters.set(key, [...(filters.get(key) ?? []), value]);
  }

  const limitText = params.get('limit');
  let limit: number | undefined;
  if (limitText !== null) {
    const parsed = /^\d+$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (Number.isNaN(parsed)) {
      throw badRequest(
        `Bad limit request: Limit must be an integer 0 or greater and not '${limitText}'`,
      );
    }
    // limit=0 means "no limit" in neutron.
    limit = parsed === 0 ? undefined : parsed;
  }

  const keys = params.getAll('sort_key');
  const dirs = params.getAll('sort_dir');
  if (dirs.length > 0 && dirs.length !== keys.length) {
    throw badRequest('The number of sort_keys and sort_dirs must be same');
  }
  const sort = keys.map((key, i): ListQuery['sort'][number] => {
    if (!known.has(key)) throw badRequest(`[${key}] is invalid attribute for sort_keys`);
    const dir = (dirs[i] ?? 'asc').toLowerCase();
    if (dir === 'asc' || dir === 'desc') return { key, dir };
    throw badRequest(`${dirs[i]} is invalid value for sort_dir`);
  });

  return {
    filters: [...filters],
    tagFilters,
    fields: params.getAll('fields').flatMap(splitList),
    limit,
    marker: params.get('marker') ?? undefined,
    pageReverse: isTrue(params.get('page_reverse') ?? 'false'),
    sort,
    params,
  };
}

export interface ListPage {
  items: Record<string, unknown>[];
  links: { href: string; rel: 'next' | 'previous' }[];
}

/**
 * Applies a parsed query to the bodies the caller may see (in creation order) and builds the
 * `<plural>_links` neutron adds when paginating.
 */
export function applyListQuery<T extends Body>(
  site: SiteContext,
  path: string,
  bodies: T[],
  query: ListQuery,
  markerNotFound: (id: string) => NeutronError,
): ListPage {
  let items = bodies.filter((body) => matches(body, query));
  if (query.sort.length > 0) items = sortBy(items, query.sort);

  const paginated = query.limit !== undefined || query.marker !== undefined;
  if (query.marker !== undefined) {
    const at = items.findIndex((body) => body.id === query.marker);
    if (at < 0) throw markerNotFound(query.marker);
    items = query.pageReverse ? items.slice(0, at) : items.slice(at + 1);
  }
  if (query.limit !== undefined) {
    items = query.pageReverse ? items.slice(-query.limit) : items.slice(0, query.limit);
  }

  const links: ListPage['links'] = [];
  const first = items[0];
  const last = items.at(-1);
  if (paginated && first && last) {
    // neutron/api/api_common.py: "next" when the page is full, "previous" once a marker was used.
    const full = query.limit !== undefined && items.length === query.limit;
    const forward = query.pageReverse ? query.marker !== undefined : full;
    const backward = query.pageReverse ? full : query.marker !== undefined;
    if (forward) links.push({ rel: 'next', href: pageLink(site, path, query, last.id, false) });
    if (backward)
      links.push({ rel: 'previous', href: pageLink(site, path, query, first.id, true) });
  }
  return { items: items.map((body) => selectFields(body, query.fields)), links };
}

/** Keeps only the requested attributes, in the body's own order; no `fields` keeps everything. */
export function selectFields<T extends Record<string, unknown>>(
  body: T,
  fields: string[],
): Record<string, unknown> {
  if (fields.length === 0) return body;
  const wanted = new Set(fields);
  return Object.fromEntries(Object.entries(body).filter(([key]) => wanted.has(key)));
}

/** neutron-lib convert_to_boolean. */
function isTrue(value: string): boolean {
  return ['true', '1', 'yes', 'on'].includes(value.toLowerCase());
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function matches(body: Body, query: ListQuery): boolean {
  for (const [key, values] of query.filters) {
    if (!values.some((value) => matchesValue(key, body[key], value))) return false;
  }
  const tags = new Set(Array.isArray(body.tags) ? (body.tags as string[]) : []);
  const { all, any, notAll, notAny } = query.tagFilters;
  if (!all.every((set) => set.every((tag) => tags.has(tag)))) return false;
  if (!any.every((set) => set.some((tag) => tags.has(tag)))) return false;
  if (notAll.some((set) => set.length > 0 && set.every((tag) => tags.has(tag)))) return false;
  if (notAny.some((set) => set.some((tag) => tags.has(tag)))) return false;
  return true;
}

function matchesValue(key: string, actual: unknown, wanted: string): boolean {
  if (key === 'fixed_ips' && Array.isArray(actual)) {
    // fixed_ips=ip_address=10.0.0.3, fixed_ips=subnet_id=…, fixed_ips=ip_address_substr=10.0.
    const [sub, ...rest] = wanted.split('=');
    const value = rest.join('=');
    return (actual as Record<string, string>[]).some((ip) => {
      if (sub === 'ip_address_substr') return ip.ip_address?.includes(value) ?? false;
      return sub !== undefined && ip[sub] === value;
    });
  }
  if (Array.isArray(actual)) return actual.some((item) => String(item) === wanted);
  if (actual === null || actual === undefined) return wanted === '' || wanted === 'None';
  if (typeof actual === 'boolean') return actual === isTrue(wanted);
  if (typeof actual === 'string') return actual === wanted;
  if (typeof actual === 'number' || typeof actual === 'bigint') return actual.toString() === wanted;
  return false;
}

function sortBy<T extends Body>(items: T[], sort: ListQuery['sort']): T[] {
  return [...items].sort((a, b) => {
    for (const { key, dir } of sort) {
      const order = compare(a[key], b[key]);
      if (order !== 0) return dir === 'asc' ? order : -order;
    }
    return 0;
  });
}

function compare(a: unknown, b: unknown): number {
  // NULLs sort first ascending, as in MySQL.
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function pageLink(
  site: SiteContext,
  path: string,
  query: ListQuery,
  marker: string,
  reverse: boolean,
): string {
  const params = new URLSearchParams(query.params);
  params.delete('marker');
  params.delete('page_reverse');
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  params.set('marker', marker);
  if (reverse) params.set('page_reverse', 'True');
  return `${site.baseUrl}/network/v2.0/${path}?${params.toString()}`;
}
