import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, openHarness, rowCounts } from '../../test/harness.js';
import { buildGlueDocument, testDatabases } from '../testing/index.js';
import { findControlCharacter } from './control-characters.js';

describe('findControlCharacter', () => {
  it('finds NUL, ESC, DEL and C1 controls, in keys too, and allows tabs and line breaks', () => {
    expect(findControlCharacter({ a: 'line one\nline\ttwo\r\n' })).toBeUndefined();
    expect(findControlCharacter({ a: ['ok', 'x\u0000y'] })).toBe('$.a[1]');
    expect(findControlCharacter({ a: { b: '\u001b[31mred' } })).toBe('$.a.b');
    expect(findControlCharacter({ 'k\u007f': 1 })).toBe('$ (a key)');
    expect(findControlCharacter('\u0085')).toBe('$');
    expect(findControlCharacter({ name: 'Český Krumlov – “ok”' })).toBeUndefined();
  });
});

describe.each(testDatabases().map((d) => [d.name, d] as const))(
  'control characters in requests (%s)',
  (_n, tdb) => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(tdb);
    });
    afterEach(() => h.close());

    const expect400 = async (res: Response, fragment: string) => {
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toContain(fragment);
    };

    it('refuses them in registry bodies with 400, storing nothing', async () => {
      await expect400(
        await h.request('POST', '/api/v1/sites', {
          token: ADMIN,
          json: { name: 'SITE-A', description: 'bad\u0000byte' },
        }),
        'control character at $.description',
      );
      expect((await rowCounts(h)).sites).toBe(0);
      expect(
        (await h.request('POST', '/api/v1/sites', { token: ADMIN, json: { name: 'SITE-A' } }))
          .status,
      ).toBe(201);
      await expect400(
        await h.request('PATCH', '/api/v1/sites/SITE-A', {
          token: ADMIN,
          json: { officialName: '\u001b]0;owned\u0007' },
        }),
        'control character at $.officialName',
      );
      await expect400(
        await h.request('PUT', '/api/v1/sites/SITE-A/vos/vo.example.org', {
          token: ADMIN,
          json: { projectId: 'p1', projectName: 'x\u009by' },
        }),
        'control character at $.projectName',
      );
      const site = await (await h.request('GET', '/api/v1/sites/SITE-A')).json();
      expect([site.officialName, site.vos]).toEqual(['SITE-A', []]);
    });

    it('keeps line breaks and tabs in descriptions', async () => {
      const res = await h.request('POST', '/api/v1/sites', {
        token: ADMIN,
        json: { name: 'SITE-B', description: 'first line\n\tsecond line' },
      });
      expect(res.status).toBe(201);
      expect((await res.json()).description).toBe('first line\n\tsecond line');
    });

    it('refuses them in the path and the query', async () => {
      await expect400(await h.request('GET', '/api/v1/sites/A%00B'), 'request path');
      await expect400(await h.request('GET', '/sites/?vo_name=a%1Bb'), 'query parameter');
    });

    it('refuses them in a published GLUE document, keeping the current one', async () => {
      await h.request('POST', '/api/v1/sites', { token: ADMIN, json: { name: 'SITE-C' } });
      const doc = buildGlueDocument({
        site: 'SITE-C',
        endpointUrl: 'https://c.example.org:5000/v3',
        creationTime: h.clock.now,
        vos: [{ name: 'vo.example.org', projectId: 'p1' }],
        images: [{ id: 'img-1', name: 'Ubuntu\u0000', osName: 'ubuntu' }],
      });
      const res = await h.request('PUT', '/api/v1/sites/SITE-C/info', { token: ADMIN, json: doc });
      await expect400(res, 'the document holds a control character at $.CloudComputingImage[0]');
      expect((await h.request('GET', '/api/v1/sites/SITE-C/info')).status).toBe(404);
    });
  },
);
