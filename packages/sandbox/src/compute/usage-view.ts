import type { SiteContext } from '../site/context.js';
import type { ServerRecord } from './server-model.js';
import { isoMicros } from './time.js';

const HOUR_MS = 3_600_000;

/** The [start, end] of a usage report, in milliseconds since the epoch. */
export interface Period {
  start: number;
  end: number;
}

/** One project's usage in the period, with a line per instance (os-simple-tenant-usage). */
export function tenantUsage(
  site: SiteContext,
  tenant: string,
  servers: ServerRecord[],
  period: Period,
) {
  const now = site.now().getTime();
  const totals = { hours: 0, vcpus: 0, memory: 0, disk: 0 };
  const serverUsages = servers.map((s) => {
    const hours = hoursFor(s, period);
    const localGb = s.flavor.disk + s.flavor.ephemeral;
    totals.hours += hours;
    totals.vcpus += hours * s.flavor.vcpus;
    totals.memory += hours * s.flavor.ram;
    totals.disk += hours * localGb;
    const started = Date.parse(s.launchedAt!);
    const ended = s.terminatedAt ? Date.parse(s.terminatedAt) : null;
    return {
      instance_id: s.id,
      name: s.name,
      hours,
      memory_mb: s.flavor.ram,
      local_gb: localGb,
      vcpus: s.flavor.vcpus,
      tenant_id: s.projectId,
      flavor: s.flavor.name,
      started_at: isoMicros(new Date(started)),
      ended_at: ended === null ? null : isoMicros(new Date(ended)),
      state: ended === null ? s.vmState : 'terminated',
      uptime: Math.floor(((ended ?? now) - started) / 1000),
    };
  });
  const usage: Record<string, unknown> = {
    tenant_id: tenant,
    total_local_gb_usage: totals.disk,
    total_vcpus_usage: totals.vcpus,
    total_memory_mb_usage: totals.memory,
    total_hours: totals.hours,
    start: isoMicros(new Date(period.start)),
    stop: isoMicros(new Date(period.end)),
    server_usages: serverUsages,
  };
  return usage;
}

/** nova/api/openstack/compute/simple_tenant_usage.py _hours_for: the overlap of the run with the period. */
function hoursFor(server: ServerRecord, period: Period): number {
  if (!server.launchedAt) return 0;
  const launched = Date.parse(server.launchedAt);
  const terminated = server.terminatedAt ? Date.parse(server.terminatedAt) : null;
  if (terminated !== null && terminated < period.start) return 0;
  if (launched > period.end) return 0;
  const start = Math.max(launched, period.start);
  const stop = Math.min(terminated ?? period.end, period.end);
  return Math.max(0, stop - start) / HOUR_MS;
}
