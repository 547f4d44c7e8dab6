import type { Hono } from 'hono';
import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import { checkConsoleType, requireRunning } from './console-model.js';
import { novncUrl } from './console-store.js';
import type { ComputeContext, ComputeEnv } from './env.js';
import { badRequest, versionNotFound } from './errors.js';
import { atLeast } from './microversion.js';
import { parseBody } from './request.js';
import { getServer } from './server-store.js';

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
    return c.json({
      remote_console: { protocol: 'vnc', type: 'novnc', url: novncUrl(site, server) },
    });
  });
}

const remoteConsoleSchema = z.object({
  remote_console: z.object({
    protocol: z.enum(['vnc', 'spice', 'rdp', 'serial', 'mks']),
    type: z.enum(['novnc', 'xvpvnc', 'spice-html5', 'rdp-html5', 'serial', 'webmks']),
  }),
});
