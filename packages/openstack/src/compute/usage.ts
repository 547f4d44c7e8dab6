import { z } from 'zod';
import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { nextLink, paginate } from '../paginate.js';
import { itemParser, parseResponse } from '../parse.js';
import { segment, type Query } from '../url.js';
import { tenantUsageSchema, type TenantUsage } from './schemas.js';

export interface UsagePeriod {
  start: Date | string;
  end: Date | string;
}

export interface UsageOptions extends CallOptions {
  /** Items per page (Nova's max_limit when omitted). */
  limit?: number;
  /** Default 2.40, the first that pages by instance with `*_links`. */
  microversion?: string;
}

export interface ListUsageOptions extends UsageOptions {
  /** Each project's `server_usages` too. */
  detailed?: boolean;
}

/** From 2.40 Nova pages usage by instance; a page then holds a slice of every total. */
const PAGED_MICROVERSION = '2.40';
const MAX_PAGES = 10_000;

/**
 * Nova's `parse_strtime` takes `%Y-%m-%dT%H:%M:%S[.%f]` and rejects a zone suffix, so a Date
 * goes as its UTC time without the `Z`.
 */
function usageTime(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString().replace(/Z$/, '');
}

function usageQuery(period: UsagePeriod, options: UsageOptions, detailed?: boolean): Query {
  return {
    start: usageTime(period.start),
    end: usageTime(period.end),
    ...(detailed ? { detailed: 1 } : {}),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  };
}

/**
 * Every project's usage over the period, all pages. A project whose instances span pages comes
 * back once, its totals summed and its server usages joined.
 * https://docs.openstack.org/api-ref/compute/#list-tenant-usage-statistics-for-all-tenants
 */
export async function listTenantUsages(
  client: Client,
  period: UsagePeriod,
  options: ListUsageOptions = {},
): Promise<TenantUsage[]> {
  const { limit: _limit, detailed, microversion, ...call } = options;
  const pages = paginate(client, 'compute', '/os-simple-tenant-usage', {
    itemsKey: 'tenant_usages',
    query: usageQuery(period, options, detailed),
    microversion: microversion ?? PAGED_MICROVERSION,
    parse: itemParser(tenantUsageSchema, 'compute', 'tenant usage'),
    ...call,
  });
  const byProject = new Map<string, TenantUsage>();
  for await (const usage of pages) {
    const seen = byProject.get(usage.tenant_id);
    byProject.set(usage.tenant_id, seen ? mergeUsage(seen, usage) : usage);
  }
  return [...byProject.values()];
}

const projectUsagePageSchema = z.object({ tenant_usage: z.unknown() }).loose();

/**
 * One project's usage over the period with its server usages, all pages merged. Nova answers
 * `{}` for a project without instances in the period: that is undefined here.
 * https://docs.openstack.org/api-ref/compute/#show-usage-statistics-for-tenant
 */
export async function getTenantUsage(
  client: Client,
  projectId: string,
  period: UsagePeriod,
  options: UsageOptions = {},
): Promise<TenantUsage | undefined> {
  const { limit: _limit, microversion, ...call } = options;
  const path = `/os-simple-tenant-usage/${segment(projectId)}`;
  const seen = new Set<string>();
  let merged: TenantUsage | undefined;
  let query: Query | undefined = usageQuery(period, options);
  let nextPath = path;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await client.request('compute', nextPath, {
      ...call,
      microversion: microversion ?? PAGED_MICROVERSION,
      ...(query ? { query } : {}),
    });
    const body = parseResponse(projectUsagePageSchema, response.data, 'compute', 'tenant usage');
    const usage = isEmpty(body.tenant_usage)
      ? undefined
      : parseResponse(tenantUsageSchema, body.tenant_usage, 'compute', 'tenant usage');
    if (!usage) return merged;
    merged = merged ? mergeUsage(merged, usage) : usage;
    const link = nextLink(response.data, 'tenant_usage');
    if (link === undefined) return merged;
    // As paginate does: only the link's query, the host in it may be the wrong side of a proxy.
    const search = new URL(link, 'http://next.invalid').search;
    if (seen.has(search)) return merged;
    seen.add(search);
    nextPath = path + search;
    query = undefined;
  }
  return merged;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'object' && Object.keys(value).length === 0)
  );
}

function mergeUsage(a: TenantUsage, b: TenantUsage): TenantUsage {
  const servers =
    a.server_usages || b.server_usages
      ? { server_usages: [...(a.server_usages ?? []), ...(b.server_usages ?? [])] }
      : {};
  return {
    ...a,
    total_hours: a.total_hours + b.total_hours,
    total_vcpus_usage: a.total_vcpus_usage + b.total_vcpus_usage,
    total_memory_mb_usage: a.total_memory_mb_usage + b.total_memory_mb_usage,
    total_local_gb_usage: a.total_local_gb_usage + b.total_local_gb_usage,
    ...servers,
  };
}
