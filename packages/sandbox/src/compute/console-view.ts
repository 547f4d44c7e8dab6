import type { SiteContext } from '../site/context.js';
import type { ServerRecord } from './server-model.js';

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
