import type { Hono } from 'hono';
import type { SiteContext } from '../site/context.js';
import { type ComputeContext, type ComputeEnv, selfHref } from './env.js';
import { badRequest, policyDenied } from './errors.js';
import { atLeast } from './microversion.js';
import { MAX_LIMIT } from './pagination.js';
import { queryInt } from './request.js';
import type { ServerRecord } from './server-model.js';
import { loadServers } from './server-store.js';
import { parseTimestamp } from './time.js';
import { tenantUsage, type Period } from './usage-view.js';

/**
 * os-simple-tenant-usage, the usage report accounting (cASO-style) reads: per project the
 * vCPU/RAM/disk-hours of every instance that ran in [start, end], deleted ones included.
 * https://docs.openstack.org/api-ref/compute/#usage-reports-os-simple-tenant-usage
 */
export function usageRoutes(app: Hono<ComputeEnv>, site: SiteContext): void {
  app.get('/os-simple-tenant-usage', (c) => {
    if (!c.var.auth.isAdmin) throw policyDenied('os_compute_api:os-simple-tenant-usage:list');
    const period = periodOf(site, c);
    const detailed = ['1', 'true', 'True'].includes(c.req.query('detailed') ?? '');
    const page = pageOf(c, activeInWindow(loadServers(site), period));
    const byTenant = new Map<string, ServerRecord[]>();
    for (const server of page.servers) {
      byTenant.set(server.projectId, [...(byTenant.get(server.projectId) ?? []), server]);
    }
    const tenantUsages = [...byTenant.entries()].map(([tenant, servers]) => {
      const usage = tenantUsage(site, tenant, servers, period);
      if (!detailed) delete usage.server_usages;
      return usage;
    });
    const body: Record<string, unknown> = { tenant_usages: tenantUsages };
    if (page.next)
      body.tenant_usages_links = [
        { rel: 'next', href: nextHref(site, c, '/os-simple-tenant-usage', page.next) },
      ];
    return c.json(body);
  });

  app.get('/os-simple-tenant-usage/:tenant_id', (c) => {
    const tenant = c.req.param('tenant_id');
    if (!c.var.auth.isAdmin && c.var.auth.projectId !== tenant) {
      throw policyDenied('os_compute_api:os-simple-tenant-usage:show');
    }
    const period = periodOf(site, c);
    const page = pageOf(c, activeInWindow(loadServers(site, tenant), period));
    // Nova answers an empty object when the project used nothing in the period.
    const usage = page.servers.length > 0 ? tenantUsage(site, tenant, page.servers, period) : {};
    const body: Record<string, unknown> = { tenant_usage: usage };
    if (page.next) {
      body.tenant_usage_links = [
        { rel: 'next', href: nextHref(site, c, `/os-simple-tenant-usage/${tenant}`, page.next) },
      ];
    }
    return c.json(body);
  });
}

/** start/end default to now, as nova's _get_datetime_range does; start after end is refused. */
function periodOf(site: SiteContext, c: ComputeContext): Period {
  const now = site.now().getTime();
  const parse = (name: string): number => {
    const value = c.req.query(name);
    if (value === undefined) return now;
    const parsed = parseTimestamp(value);
    if (!parsed) throw badRequest(`Invalid input for query parameters ${name}. Value: ${value}.`);
    return parsed.getTime();
  };
  const start = parse('start');
  const end = parse('end');
  if (start > end)
    throw badRequest('Invalid start time. The start time cannot occur after the end time.');
  return { start, end };
}

/** nova.db instance_get_active_by_window_joined: launched before the end, not terminated before the start. */
function activeInWindow(servers: ServerRecord[], period: Period): ServerRecord[] {
  return servers
    .filter((s) => s.launchedAt !== null && Date.parse(s.launchedAt) < period.end)
    .filter((s) => s.terminatedAt === null || Date.parse(s.terminatedAt) > period.start)
    .sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
    );
}

/**
 * 2.40 pages usage by instance (limit/marker, marker = an instance uuid). novaclient keeps asking
 * with the last instance as marker until a page has no server_usages, so the marker must work.
 */
function pageOf(
  c: ComputeContext,
  servers: ServerRecord[],
): { servers: ServerRecord[]; next?: string } {
  if (!atLeast(c, 40)) return { servers };
  const limit = Math.min(queryInt(c.req.query('limit'), 'limit') ?? MAX_LIMIT, MAX_LIMIT);
  const marker = c.req.query('marker');
  let start = 0;
  if (marker !== undefined) {
    const index = servers.findIndex((s) => s.id === marker);
    if (index < 0) throw badRequest(`Marker ${marker} could not be found.`);
    start = index + 1;
  }
  const page = servers.slice(start, start + limit);
  const last = page[page.length - 1];
  return last && page.length === limit ? { servers: page, next: last.id } : { servers: page };
}

function nextHref(site: SiteContext, c: ComputeContext, path: string, marker: string): string {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (key !== 'marker') for (const v of values) params.append(key, v);
  }
  params.set('marker', marker);
  return `${selfHref(site, c, path)}?${params}`;
}
