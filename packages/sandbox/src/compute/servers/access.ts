import type { SiteContext } from '../../site/context.js';
import type { ComputeContext } from '../env.js';
import { conflict, instanceNotFound } from '../errors.js';
import { type ServerRecord, loadServer } from './model.js';

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

/** nova/compute/api.py check_instance_lock: a locked server refuses changes except from admins. */
export function checkNotLocked(c: ComputeContext, server: ServerRecord): void {
  if (server.locked && !c.var.auth.isAdmin) throw conflict(`Instance ${server.id} is locked`);
}
