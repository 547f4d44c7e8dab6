import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createHubApp } from '../../app.js';
import {
  adminTestHub,
  buildGlueDocument,
  defaultFlavors,
  defaultImages,
  insertSite,
  testClock,
  type TestDatabase,
  type TestDatabaseHandle,
  testDatabases,
} from '../../testing/index.js';

const dns = (text: string) =>
  text
    .replace(/\n /g, '')
    .split('\n')
    .filter((l) => l.startsWith('dn: '))
    .map((l) => l.slice(4));

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'GLUE 2.0 LDIF export routes (%s)',
  (_name, tdb: TestDatabase) => {
    let handle: TestDatabaseHandle;
    let app: ReturnType<typeof createHubApp>;
    const clock = testClock('2025-06-01T12:00:00Z');

    beforeAll(async () => {
      handle = await tdb.open();
      ({ app } = await adminTestHub(handle, clock.now));
      for (const [name, created] of [
        ['FRESH', '2025-06-01T11:00:00Z'],
        ['STALE', '2025-05-01T11:00:00Z'],
      ] as const) {
        const url = `https://${name.toLowerCase()}.example.org:5000/v3`;
        await insertSite(handle.db, name, { novaUrl: url, country: 'Spain' });
        // Published while fresh: the hub refuses a document already expired.
        clock.set(created);
        const res = await app.request(`/api/v1/sites/${name}/info`, {
          method: 'PUT',
          headers: { authorization: 'Bearer admin' },
          body: JSON.stringify(
            buildGlueDocument({
              site: name,
              endpointUrl: url,
              creationTime: created,
              vos: [{ name: 'vo.access.egi.eu', projectId: 'p1' }],
              images: defaultImages(2),
              flavors: defaultFlavors(2),
            }),
          ),
        });
        expect(res.status).toBe(201);
      }
      clock.set('2025-06-01T12:00:00Z');
      await insertSite(handle.db, 'SILENT');
    });

    afterAll(async () => {
      await handle?.drop();
    });

    it('exports every fresh site under one o=glue root', async () => {
      const res = await app.request('/glue2.ldif');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await res.text();
      expect(text.startsWith('version: 1\n')).toBe(true);
      const names = dns(text);
      expect(names.filter((d) => d === 'o=glue')).toHaveLength(1);
      expect(names.filter((d) => /^GLUE2DomainID=[^,]+,o=glue$/.test(d))).toEqual([
        'GLUE2DomainID=FRESH,o=glue',
      ]);
      expect(names.some((d) => d.includes('STALE'))).toBe(false);
      expect(names.filter((d) => d.startsWith('GLUE2ShareID='))).toHaveLength(1);
      // Rendered parts are cached per document; a second export is identical.
      expect(await (await app.request('/glue2.ldif')).text()).toBe(text);
    });

    it('exports one site, stale or not, and says which', async () => {
      const res = await app.request('/api/v1/sites/STALE/glue2.ldif');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-info-status')).toBe('stale');
      const text = await res.text();
      expect(text).toMatch(
        /^# GLUE 2.0 export of site STALE: document \d+ .*STALE since 2025-05-01T23:00:00.000Z$/m,
      );
      expect(dns(text).slice(0, 2)).toEqual(['o=glue', 'GLUE2DomainID=STALE,o=glue']);
    });

    it('answers 404 for unknown sites and sites without information', async () => {
      expect((await app.request('/api/v1/sites/NOWHERE/glue2.ldif')).status).toBe(404);
      const silent = await app.request('/api/v1/sites/SILENT/glue2.ldif');
      expect(silent.status).toBe(404);
      expect((await silent.json()).error.code).toBe('NOT_FOUND');
    });
  },
);
