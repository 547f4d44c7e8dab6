import type { SiteContext } from '../site/context.js';
import { queryInt } from './request.js';
import { type ComputeContext, selfHref } from './env.js';
import { badRequest } from './errors.js';

/** CONF.api.max_limit: the most items one page may hold. */
export const MAX_LIMIT = 1000;

export interface Page<T> {
  items: T[];
  /** `<collection>_links` value, present when a further page may exist. */
  links?: { rel: 'next'; href: string }[];
}

/**
 * limit/marker paging as nova/api/openstack/common.py does it: the marker is the id of the last
 * item seen (unknown marker → 400 "marker [x] not found"); a full page gets a `next` link
 * repeating the request's query with the marker of its last item.
 */
export function paginate<T>(
  site: SiteContext,
  c: ComputeContext,
  collectionPath: string,
  all: T[],
  idOf: (item: T) => string,
): Page<T> {
  const limit = Math.min(queryInt(c.req.query('limit'), 'limit') ?? MAX_LIMIT, MAX_LIMIT);
  const marker = c.req.query('marker');
  let start = 0;
  if (marker !== undefined) {
    const index = all.findIndex((item) => idOf(item) === marker);
    if (index < 0) throw badRequest(`marker [${marker}] not found`);
    start = index + 1;
  }
  const items = all.slice(start, start + limit);
  const last = items[items.length - 1];
  if (last === undefined || items.length < limit) return { items };
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (key === 'marker') continue;
    for (const value of values) params.append(key, value);
  }
  params.set('marker', idOf(last));
  return {
    items,
    links: [{ rel: 'next', href: `${selfHref(site, c, collectionPath)}?${params}` }],
  };
}
