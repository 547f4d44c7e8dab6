import { deleteServerPorts } from '../network/index.js';
import type { SiteContext } from '../site/context.js';
import { detachAllFromServer } from '../volume/index.js';
import type { ComputeContext } from './env.js';
import { instanceNotFound } from './errors.js';
import { POWER, type ServerRecord } from './server-model.js';

export const SERVER_KIND = 'compute.server';

/**
 * Brings a BUILD server up to date without timers: once `readyAt` has passed it becomes ACTIVE
 * (or ERROR) and the change is written back, so a restarted sandbox keeps the state and `updated`
 * is the transition time, not the time of the read.
 */
function refreshServer(site: SiteContext, server: ServerRecord): ServerRecord {
  if (server.vmState !== 'building') return server;
  const readyAt = Date.parse(server.readyAt);
  if (site.now().getTime() < readyAt) return server;
  const at = new Date(readyAt).toISOString();
  if (server.buildOutcome === 'active') {
    server.vmState = 'active';
    server.powerState = POWER.RUNNING;
    server.launchedAt = at;
  } else {
    server.vmState = 'error';
    server.powerState = POWER.NOSTATE;
    // What the conductor records when the scheduler finds no host.
    server.fault = { code: 500, message: 'No valid host was found. ', created: at };
  }
  server.taskState = null;
  server.updatedAt = at;
  site.store.put(SERVER_KIND, server.id, server, new Date(readyAt));
  return server;
}

export function saveServer(site: SiteContext, server: ServerRecord): void {
  server.updatedAt = site.now().toISOString();
  site.store.put(SERVER_KIND, server.id, server, site.now());
}

export function loadServer(site: SiteContext, id: string): ServerRecord | undefined {
  const server = site.store.get<ServerRecord>(SERVER_KIND, id);
  return server ? refreshServer(site, server) : undefined;
}

/** All servers of one project (or of the site), deleted ones included, refreshed. */
export function loadServers(site: SiteContext, projectId?: string): ServerRecord[] {
  const options = projectId === undefined ? {} : { projectId };
  return site.store.list<ServerRecord>(SERVER_KIND, options).map((s) => refreshServer(site, s));
}

/** What a project's live servers use, for quotas and limits. */
export function serverUsage(
  site: SiteContext,
  projectId: string,
): { instances: number; cores: number; ram: number } {
  const usage = { instances: 0, cores: 0, ram: 0 };
  for (const server of site.store.list<ServerRecord>(SERVER_KIND, { projectId })) {
    if (server.vmState === 'deleted') continue;
    usage.instances += 1;
    usage.cores += server.flavor.vcpus;
    usage.ram += server.flavor.ram;
  }
  return usage;
}

/**
 * The server if the caller may act on it: its own project's (any project's for admins), not
 * deleted. Anything else is Nova's 404 "Instance <id> could not be found.", so ids of other
 * projects' servers leak nothing.
 */
export function getServer(site: SiteContext, c: ComputeContext, id: string): ServerRecord {
  const server = loadServer(site, id);
  const auth = c.var.auth;
  if (
    !server ||
    server.vmState === 'deleted' ||
    (!auth.isAdmin && server.projectId !== auth.projectId)
  ) {
    throw instanceNotFound(id);
  }
  return server;
}

/**
 * Deleting keeps the row as a DELETED instance (Nova soft-deletes its DB rows): it vanishes from
 * normal lists but changes-since and os-simple-tenant-usage still see it. Ports and volume
 * attachments are released at once.
 */
export function deleteServer(site: SiteContext, server: ServerRecord): void {
  site.store.transaction(() => {
    deleteServerPorts(site, server.id);
    detachAllFromServer(site, server.id);
    const now = site.now().toISOString();
    server.vmState = 'deleted';
    server.taskState = null;
    server.powerState = POWER.NOSTATE;
    server.terminatedAt = now;
    server.ports = [];
    server.volumeFlags = {};
    saveServer(site, server);
  });
}
