import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLocations } from '../test/locations.js';
import { type RunningHub, startHub } from './server.js';

describe.each(databaseLocations().map((d) => [d.name, d] as const))(
  'startHub (%s)',
  (_n, where) => {
    let place: Awaited<ReturnType<typeof where.create>>;
    beforeAll(async () => {
      place = await where.create();
    });
    afterAll(() => place.drop());

    it('serves on a free port, then stops the server and closes the database', async () => {
      const hub: RunningHub = await startHub({
        database: place.location,
        issuerUrl: '',
        port: 0,
        dashboardDir: false,
      });
      expect(hub.port).toBeGreaterThan(0);
      expect(hub.url).toBe(`http://127.0.0.1:${hub.port}`);
      expect(hub.context.config.publicUrl).toBe(hub.url);

      const sites = await fetch(`${hub.url}/api/v1/sites`);
      expect(sites.status).toBe(200);
      expect(await sites.json()).toEqual([]);
      const doc = await (await fetch(`${hub.url}/openapi.json`)).json();
      expect(doc.info.title).toBe('fedcloud-hub');

      // Without an issuer every token is refused, with the reason.
      const whoami = await fetch(`${hub.url}/api/v1/whoami`, {
        headers: { authorization: 'Bearer abc.def.ghi' },
      });
      expect(whoami.status).toBe(401);
      expect((await whoami.json()).error.message).toMatch(/no issuer is configured/);
      // No dashboard folder: the front page says how to get one.
      const page = await fetch(`${hub.url}/dashboard/`);
      expect(page.status).toBe(404);

      await hub.stop();
      await hub.stop(); // a second stop is harmless
      await expect(fetch(`${hub.url}/api/v1/sites`)).rejects.toThrow();
      await expect(
        hub.context.database.db.selectFrom('sites').selectAll().execute(),
      ).rejects.toThrow();
    });

    it('reports a port in use and leaves nothing open', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      try {
        await expect(
          startHub({ database: place.location, issuerUrl: '', port, dashboardDir: false }),
        ).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use`);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
      // The database was closed again: a new hub on it starts fine.
      const hub = await startHub({
        database: place.location,
        issuerUrl: '',
        port: 0,
        dashboardDir: false,
      });
      await hub.stop();
    });
  },
);
