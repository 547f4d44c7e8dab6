import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import type { ComputeContext } from './env.js';
import { badRequest, invalidState } from './errors.js';
import { findFlavor } from './flavor-store.js';
import { validate } from './request.js';
import {
  POWER,
  checkNotLocked,
  lastSegment,
  type FlavorSnapshot,
  type ServerRecord,
} from './server-model.js';
import { saveServer } from './server-store.js';

const resizeSchema = z.object({
  resize: z
    .object({
      flavorRef: z.union([z.string().min(1), z.number().int()]).transform(String),
      'OS-DCF:diskConfig': z.enum(['AUTO', 'MANUAL']).optional(),
    })
    .strict(),
});

/**
 * `resize`: the server moves to the new flavor at once (the sandbox has no disk to copy) and waits
 * in VERIFY_RESIZE. As in Nova's finish_resize, `launched_at` is set again: why accounting takes a
 * server's start from `created`, not from its launch.
 * https://docs.openstack.org/api-ref/compute/#resize-server-resize-action
 */
export function resizeServer(
  site: SiteContext,
  c: ComputeContext,
  server: ServerRecord,
  body: unknown,
): void {
  const { flavorRef } = validate(resizeSchema, body).resize;
  checkNotLocked(server, c.var.auth.isAdmin);
  // nova/compute/api.py resize: @check_instance_state(vm_state=[ACTIVE, STOPPED]).
  if (server.vmState !== 'active' && server.vmState !== 'stopped')
    throw invalidState('resize', server.id, 'vm_state', server.vmState);
  if (server.taskState !== null)
    throw invalidState('resize', server.id, 'task_state', server.taskState);
  const flavorId = lastSegment(flavorRef);
  const flavor = findFlavor(site, c.var.auth, flavorId);
  if (!flavor || flavor.disabled) throw badRequest(`Flavor ${flavorId} could not be found.`);
  if (flavor.id === server.flavor.id)
    throw badRequest('When resizing, instances must change flavor!');
  const snapshot: FlavorSnapshot = {
    id: flavor.id,
    name: flavor.name,
    vcpus: flavor.vcpus,
    ram: flavor.ram,
    disk: flavor.disk,
    ephemeral: flavor.ephemeral,
    swap: flavor.swap,
    extraSpecs: { ...flavor.extraSpecs },
  };
  server.resize = { oldFlavor: server.flavor, fromState: server.vmState };
  server.flavor = snapshot;
  server.vmState = 'resized';
  server.launchedAt = site.now().toISOString();
  saveServer(site, server);
}

/**
 * `confirmResize` keeps the new flavor, `revertResize` restores the old one; either returns the
 * server to the power state it had before the resize. Outside VERIFY_RESIZE Nova finds no
 * migration to confirm: 400.
 * https://docs.openstack.org/api-ref/compute/#confirm-resized-server-confirmresize-action
 */
export function finishResize(
  site: SiteContext,
  c: ComputeContext,
  server: ServerRecord,
  how: 'confirm' | 'revert',
): void {
  checkNotLocked(server, c.var.auth.isAdmin);
  const resize = server.resize;
  if (server.vmState !== 'resized' || !resize) {
    throw badRequest(`Instance ${server.id} has not been resized.`);
  }
  if (how === 'revert') server.flavor = resize.oldFlavor;
  server.vmState = resize.fromState;
  server.powerState = resize.fromState === 'active' ? POWER.RUNNING : POWER.SHUTDOWN;
  server.resize = null;
  saveServer(site, server);
}
