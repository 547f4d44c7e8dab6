import { Hono } from 'hono';
import { applianceBytes, sandboxAppliances } from './catalogue.js';

/**
 * The appliance repository: `GET /images/<file>` with its length, as the web servers AppDB's
 * lists point at. The bytes are made on each request: a few hundred KiB, nothing kept in memory.
 */
export function appliancesApp(): Hono {
  const app = new Hono();
  app.on(['GET', 'HEAD'], '/images/:file', (c) => {
    const appliance = sandboxAppliances().find((a) => a.file === c.req.param('file'));
    if (!appliance) return c.text('no such image', 404);
    const headers = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(appliance.size),
    };
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(applianceBytes(appliance.file, appliance.size)), 200, headers);
  });
  app.get('/', (c) =>
    c.json(sandboxAppliances().map(({ file, title, size }) => ({ file, title, size }))),
  );
  return app;
}
