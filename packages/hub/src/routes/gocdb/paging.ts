import { HubError } from '../../errors.js';
import { el, text, type XmlElement } from './xml.js';
import type { PiParams } from './params.js';

/** GOCDB's page size for the paged queries (get_site, get_service, get_downtime). */
const PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  /** The <meta> element, only when the request asked for a page (next_cursor / prev_cursor). */
  meta?: XmlElement;
}

function cursor(params: PiParams, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new HubError(
      'BAD_REQUEST',
      `Invalid '${name}' parameter - must be a whole number greater than or equal to zero`,
    );
  }
  return Number(value);
}

/**
 * GOCDB's cursor paging over id-ordered results: paging starts when the request names
 * next_cursor (ids above it) or prev_cursor (ids below it); the meta element carries
 * HATEOAS links (self, next, prev, start), the count and the page size.
 */
export function paginate<T>(
  sorted: T[],
  idOf: (item: T) => number,
  params: PiParams,
  requestUrl: URL,
  publicUrl: string,
): Page<T> {
  const next = cursor(params, 'next_cursor');
  const prev = cursor(params, 'prev_cursor');
  if (next !== undefined && prev !== undefined) {
    throw new HubError(
      'BAD_REQUEST',
      "It is invalid to specify both 'next_cursor' and 'prev_cursor' parameters in the same query",
    );
  }
  if (next === undefined && prev === undefined) return { items: sorted };
  let items: T[];
  let first: number | null = null;
  let last: number | null = null;
  if (next !== undefined) {
    items = sorted.filter((i) => idOf(i) > next).slice(0, PAGE_SIZE);
    if (items.length === 0) first = next + 1;
  } else {
    const before = sorted.filter((i) => idOf(i) < prev!);
    items = before.slice(Math.max(0, before.length - PAGE_SIZE));
    if (items.length === 0) last = Math.max(0, prev! - 1);
  }
  if (items.length > 0) {
    first = idOf(items[0]!);
    last = idOf(items.at(-1)!);
  }
  return { items, meta: meta(requestUrl, publicUrl, first, last, items.length) };
}

function meta(
  url: URL,
  publicUrl: string,
  prevCursor: number | null,
  nextCursor: number | null,
  count: number,
): XmlElement {
  const base = `${publicUrl.replace(/\/$/, '')}${url.pathname}?`;
  const withCursor = (name: 'next_cursor' | 'prev_cursor', value: number) => {
    const query = new URLSearchParams(url.search);
    query.delete('next_cursor');
    query.delete('prev_cursor');
    query.set(name, String(value));
    return `${base}${query.toString()}`;
  };
  return el('meta', {}, [
    el('link', { rel: 'self', href: `${base}${url.search.replace(/^\?/, '')}` }),
    nextCursor === null
      ? undefined
      : el('link', { rel: 'next', href: withCursor('next_cursor', nextCursor) }),
    prevCursor === null
      ? undefined
      : el('link', { rel: 'prev', href: withCursor('prev_cursor', prevCursor) }),
    el('link', { rel: 'start', href: withCursor('next_cursor', 0) }),
    text('count', count),
    text('max_page_size', PAGE_SIZE),
  ]);
}
