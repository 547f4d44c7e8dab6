import type { Client, ServiceRequestOptions, ServiceType } from './client.js';
import { OpenStackError } from './errors.js';

export interface PaginateOptions<T> extends Omit<
  ServiceRequestOptions,
  'method' | 'body' | 'rawBody'
> {
  /** The collection's key in each page: `servers`, `networks`, `images`, `projects`. */
  itemsKey: string;
  /** Validates and types each item; items pass through untyped without it. */
  parse?: (item: unknown) => T;
  /** A guard against a server that never stops linking; default 10 000 pages. */
  maxPages?: number;
}

/** Async-iterable over items, with `pages()` for page-at-a-time and `collect()` for all. */
export interface PageIterator<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<T[]>;
  collect(): Promise<T[]>;
}

/**
 * Walks a collection however the service links its pages:
 * - Nova, Cinder, Neutron: `"<items>_links": [{"rel": "next", "href": …}]`
 *   https://docs.openstack.org/api-guide/compute/paginated_collections.html
 *   https://docs.openstack.org/api-ref/network/v2/#pagination
 * - Glance: `"next": "/v2/images?marker=…"`, relative to the endpoint
 *   https://docs.openstack.org/api-ref/image/v2/#list-images
 * - Keystone: `"links": {"next": …}`
 *   https://docs.openstack.org/api-ref/identity/v3/#list-projects
 * Every next link addresses the same collection with the marker and the original filters in its
 * query, so only that query is taken: the host and path Nova and Neutron put in absolute links
 * come from their own configuration and are wrong behind a proxy that rewrites URLs.
 * Iteration stops at a page without a next link, an empty page, or a link seen before.
 */
export function paginate<T = unknown>(
  client: Client,
  service: ServiceType,
  path: string,
  options: PaginateOptions<T>,
): PageIterator<T> {
  const { itemsKey, parse, maxPages = 10_000, ...requestOptions } = options;

  async function* pages(): AsyncGenerator<T[]> {
    const seen = new Set<string>();
    let nextPath = path;
    let first = true;
    for (let count = 0; count < maxPages; count += 1) {
      const response = await client.request<unknown>(service, nextPath, {
        ...requestOptions,
        ...(first ? {} : { query: undefined }),
      });
      first = false;
      const items = pageItems(response.data, itemsKey, service);
      if (items.length === 0) return;
      yield parse ? items.map((item) => parseItem(parse, item, service, itemsKey)) : (items as T[]);
      const link = nextLink(response.data, itemsKey);
      if (link === undefined) return;
      const query = new URL(link, 'http://next.invalid').search;
      if (seen.has(query)) return;
      seen.add(query);
      nextPath = stripQuery(path) + query;
    }
  }

  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
    async collect() {
      const all: T[] = [];
      for await (const page of pages()) all.push(...page);
      return all;
    },
  };
}

/** The next-page link of any OpenStack service's list body, or undefined on the last page. */
export function nextLink(body: unknown, itemsKey: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const links = record[`${itemsKey}_links`];
  if (Array.isArray(links)) {
    for (const link of links) {
      if (link !== null && typeof link === 'object') {
        const { rel, href } = link as Record<string, unknown>;
        if (rel === 'next' && typeof href === 'string' && href !== '') return href;
      }
    }
  }
  if (typeof record.next === 'string' && record.next !== '') return record.next;
  const keystone = record.links;
  if (keystone !== null && typeof keystone === 'object' && !Array.isArray(keystone)) {
    const next = (keystone as Record<string, unknown>).next;
    if (typeof next === 'string' && next !== '') return next;
  }
  return undefined;
}

function pageItems(body: unknown, itemsKey: string, service: ServiceType): unknown[] {
  const items =
    body !== null && typeof body === 'object'
      ? (body as Record<string, unknown>)[itemsKey]
      : undefined;
  if (!Array.isArray(items)) {
    throw new OpenStackError(
      'INVALID_RESPONSE',
      `${service} list response has no "${itemsKey}" array`,
      {
        service,
        body,
      },
    );
  }
  return items;
}

function parseItem<T>(
  parse: (item: unknown) => T,
  item: unknown,
  service: ServiceType,
  itemsKey: string,
): T {
  try {
    return parse(item);
  } catch (cause) {
    if (cause instanceof OpenStackError) throw cause;
    throw new OpenStackError(
      'INVALID_RESPONSE',
      `${service} returned an unexpected item in "${itemsKey}"`,
      {
        service,
        body: item,
        cause,
      },
    );
  }
}

function stripQuery(path: string): string {
  const index = path.indexOf('?');
  return index === -1 ? path : path.slice(0, index);
}
