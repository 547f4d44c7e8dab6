import type { SiteContext } from '../site/context.js';
import { uuid } from '../site/ids.js';
import type { ServerRecord } from './server-model.js';

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
