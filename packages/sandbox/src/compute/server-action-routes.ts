import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import { readJson, validate } from './request.js';
import { checkConsoleType, requireRunning } from './console-model.js';
import { novncUrl } from './console-store.js';
import type { ComputeContext } from './env.js';
import { badRequest, invalidState } from './errors.js';
import { atLeast } from './microversion.js';
import { POWER, checkNotLocked, type ServerRecord, type VmState } from './server-model.js';
import { getServer, saveServer } from './server-store.js';
import { finishResize, resizeServer } from './server-resize.js';

interface Transition {
  /** vm_states the action is allowed from (nova/compute/api.py @check_instance_state). */
  from: VmState[];
  to: VmState;
  power: number;
}

/**
 * Power actions complete at once: the sandbox has no guest, so the brief intermediate task
 * states (powering-off, rebooting ...) are skipped.
 */
const TRANSITIONS: Record<string, { method: string; transition: Transition }> = {
  'os-stop': {
    method: 'stop',
    transition: { from: ['active', 'error'], to: 'stopped', power: POWER.SHUTDOWN },
  },
  'os-start': {
    method: 'start',
    transition: { from: ['stopped'], to: 'active', power: POWER.RUNNING },
  },
  pause: { method: 'pause', transition: { from: ['active'], to: 'paused', power: POWER.PAUSED } },
  unpause: {
    method: 'unpause',
    transition: { from: ['paused'], to: 'active', power: POWER.RUNNING },
  },
  suspend: {
    method: 'suspend',
    transition: { from: ['active'], to: 'suspended', power: POWER.SHUTDOWN },
  },
  resume: {
    method: 'resume',
    transition: { from: ['suspended'], to: 'active', power: POWER.RUNNING },
  },
};

const rebootSchema = z.object({
  reboot: z.object({ type: z.enum(['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']) }),
});
const lockSchema = z.object({
  lock: z.union([z.null(), z.object({ locked_reason: z.string().max(255).optional() })]),
});
const vncSchema = z.object({
  'os-getVNCConsole': z.object({ type: z.enum(['novnc', 'xvpvnc']) }),
});

/**
 * POST /servers/{id}/action. https://docs.openstack.org/api-ref/compute/#servers-run-an-action-servers-action
 */
export async function serverAction(site: SiteContext, c: ComputeContext): Promise<Response> {
  const body = await readJson(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('Malformed request body');
  const action = Object.keys(body)[0];
  if (action === undefined) throw badRequest('Malformed request body');
  const server = getServer(site, c, c.req.param('id')!);

  const simple = TRANSITIONS[action];
  if (simple) {
    checkNotLocked(server, c.var.auth.isAdmin);
    apply(site, server, simple.method, simple.transition);
    return c.body(null, 202);
  }
  switch (action) {
    case 'reboot': {
      const type = validate(rebootSchema, body).reboot.type.toUpperCase();
      checkNotLocked(server, c.var.auth.isAdmin);
      const from: VmState[] =
        type === 'SOFT' ? ['active'] : ['active', 'stopped', 'paused', 'suspended', 'error'];
      apply(site, server, 'reboot', { from, to: 'active', power: POWER.RUNNING });
      return c.body(null, 202);
    }
    case 'lock': {
      const input = validate(lockSchema, body).lock;
      if (input?.locked_reason !== undefined && !atLeast(c, 73)) {
        throw badRequest(
          "Invalid input for field/attribute lock. Value: {'locked_reason': ...}. None is not of type 'object'",
        );
      }
      server.locked = true;
      server.lockedReason = input?.locked_reason ?? null;
      saveServer(site, server);
      return c.body(null, 202);
    }
    case 'resize':
      resizeServer(site, c, server, body);
      return c.body(null, 202);
    case 'confirmResize':
      finishResize(site, c, server, 'confirm');
      return c.body(null, 204);
    case 'revertResize':
      finishResize(site, c, server, 'revert');
      return c.body(null, 202);
    case 'unlock':
      server.locked = false;
      server.lockedReason = null;
      saveServer(site, server);
      return c.body(null, 202);
    case 'os-getVNCConsole': {
      // The os-get*Console actions exist up to 2.5; remote-consoles replaced them.
      if (atLeast(c, 6)) break;
      const { type } = validate(vncSchema, body)['os-getVNCConsole'];
      checkConsoleType(type);
      requireRunning(server);
      return c.json({ console: { type, url: novncUrl(site, server) } });
    }
  }
  throw badRequest(`There is no such action: ${action}`);
}

function apply(site: SiteContext, server: ServerRecord, method: string, t: Transition): void {
  if (!t.from.includes(server.vmState))
    throw invalidState(method, server.id, 'vm_state', server.vmState);
  if (server.taskState !== null)
    throw invalidState(method, server.id, 'task_state', server.taskState);
  server.vmState = t.to;
  server.powerState = t.power;
  server.taskState = null;
  // A server that failed to build has no launch time until it first runs.
  if (t.to === 'active' && !server.launchedAt) server.launchedAt = site.now().toISOString();
  if (t.to === 'active') server.fault = null;
  saveServer(site, server);
}
