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

/** How long a console URL opens its page, as nova's console tokens expire (token_ttl 600 s). */
const CONSOLE_TOKEN_TTL_MS = 600_000;
const consoleTokens = new WeakMap<SiteContext, Map<string, { serverId: string; until: number }>>();

/**
 * A noVNC URL of the shape nova-novncproxy hands out (`vnc_lite.html?path=?token=…`), with a
 * fresh token on every call; the sandbox serves it as a page with the server's console log
 * (consolePage), since there is no VNC to show.
 */
export function novncUrl(site: SiteContext, server: ServerRecord): string {
  const token = uuid();
  const tokens = consoleTokens.get(site) ?? new Map<string, { serverId: string; until: number }>();
  consoleTokens.set(site, tokens);
  const now = site.now().getTime();
  for (const [key, entry] of tokens) if (entry.until < now) tokens.delete(key);
  tokens.set(token, { serverId: server.id, until: now + CONSOLE_TOKEN_TTL_MS });
  return `${site.baseUrl}/compute/vnc_lite.html?path=${encodeURIComponent(`?token=${token}`)}`;
}

/** The server a console URL's token opens, while it is valid. */
export function consoleServer(site: SiteContext, path: string | undefined): string | undefined {
  const token = new URLSearchParams((path ?? '').replace(/^\?/, '')).get('token');
  const entry = token ? consoleTokens.get(site)?.get(token) : undefined;
  return entry && entry.until >= site.now().getTime() ? entry.serverId : undefined;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page a console URL opens: what the guest printed, as `openstack console log show` would. */
export function consolePage(site: SiteContext, server: ServerRecord): string {
  const log = [
    `[    0.000000] Linux version 5.15.0 (emulated by the fedcloud sandbox at ${site.spec.name})`,
    `[    2.104211] cloud-init[512]: Cloud-init v. 23.1 running 'init' for ${server.id}`,
    `[    6.318842] cloud-init[512]: Cloud-init v. 23.1 finished. Datasource DataSourceOpenStack.`,
    '',
    `${server.name} login:`,
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console of ${escapeHtml(server.name)}</title></head>
<body><h1>Console of ${escapeHtml(server.name)}</h1>
<p>Server ${escapeHtml(server.id)} at ${escapeHtml(site.spec.name)} — the sandbox has no VNC; this is the console log.</p>
<pre>${escapeHtml(log)}</pre></body></html>
`;
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
