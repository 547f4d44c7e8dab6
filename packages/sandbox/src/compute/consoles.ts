import type { Hono } from 'hono';
import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import { parseBody } from './body.js';
import type { ComputeContext, ComputeEnv } from './env.js';
import { badRequest, conflict, versionNotFound } from './errors.js';
import { atLeast } from './microversion.js';
import { getServer } from './servers/access.js';
import type { ServerRecord } from './servers/model.js';

/**
 * A noVNC URL of the shape nova-novncproxy hands out; the token is fresh on every call and the
 * page itself is not served by the sandbox.
 */
export function novncUrl(site: SiteContext): string {
  return `${site.baseUrl}/vnc_lite.html?path=${encodeURIComponent(`?token=${uuid()}`)}`;
}

/** The console exists only while the guest runs (InstanceNotReady → 409). */
export function requireRunning(server: ServerRecord): void {
  if (server.vmState !== 'active') throw conflict(`Instance ${server.id} is not ready`);
}

/** Nova answers unsupported console kinds with ConsoleTypeUnavailable (400). */
export function checkConsoleType(type: string): void {
  if (type !== 'novnc') throw badRequest(`Unavailable console type ${type}.`);
}

/**
 * POST /servers/{id}/remote-consoles (2.6+), which replaced the os-get*Console actions.
 * https://docs.openstack.org/api-ref/compute/#create-remote-console
 */
export function consoleRoutes(app: Hono<ComputeEnv>, site: SiteContext): void {
  app.post('/servers/:id/remote-consoles', async (c: ComputeContext) => {
    if (!atLeast(c, 6)) throw versionNotFound();
    const { remote_console: input } = await parseBody(c, remoteConsoleSchema);
    const server = getServer(site, c, c.req.param('id') ?? '');
    if (input.protocol !== 'vnc') throw badRequest(`Unavailable console type ${input.type}.`);
    checkConsoleType(input.type);
    requireRunning(server);
    return c.json({ remote_console: { protocol: 'vnc', type: 'novnc', url: novncUrl(site) } });
  });
}

const remoteConsoleSchema = z.object({
  remote_console: z.object({
    protocol: z.enum(['vnc', 'spice', 'rdp', 'serial', 'mks']),
    type: z.enum(['novnc', 'xvpvnc', 'spice-html5', 'rdp-html5', 'serial', 'webmks']),
  }),
});
