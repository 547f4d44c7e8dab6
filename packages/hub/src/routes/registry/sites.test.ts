import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, openHarness, rowCounts } from '../../../test/harness.js';
import { testDatabases } from '../../testing/index.js';

describe.each(testDatabases().map((d) => [d.name, d] as const))('site registry (%s)', (_n, tdb) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(tdb);
  });
  afterEach(() => h.close());

  const create = (json: unknown, token = ADMIN) =>
    h.request('POST', '/api/v1/sites', { token, json });

  it('creates, lists, reads, changes and deletes a site', async () => {
    expect(await (await h.request('GET', '/api/v1/sites')).json()).toEqual([]);
    const created = await create({
      name: 'IISAS-FedCloud',
      country: 'Slovakia',
      countryCode: 'SK',
      roc: 'NGI_SK',
      latitude: 48.17,
      longitude: 17.07,
      contactEmail: 'cloud@savba.sk',
      certificationStatus: 'Certified',
      timezone: 'Europe/Bratislava',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/sites/IISAS-FedCloud');
    const detail = await created.json();
    expect(detail).toMatchObject({
      name: 'IISAS-FedCloud',
      officialName: 'IISAS-FedCloud',
      countryCode: 'SK',
      certificationStatus: 'Certified',
      productionInfrastructure: 'Production',
      status: 'no-info',
      voCount: 0,
      endpointCount: 0,
      lastPublishedAt: null,
      extensions: {},
      endpoints: [],
      vos: [],
      downtimes: [],
    });

    const list = await (await h.request('GET', '/api/v1/sites')).json();
    expect(list.map((s: { name: string }) => s.name)).toEqual(['IISAS-FedCloud']);
    expect(list[0]).not.toHaveProperty('endpoints');

    await h.grant('site-admin-a', 'site-admin', 'IISAS-FedCloud');
    const patched = await h.request('PATCH', '/api/v1/sites/IISAS-FedCloud', {
      token: 'user:site-admin-a',
      json: { description: 'Slovak cloud', latitude: null },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      description: 'Slovak cloud',
      latitude: null,
      country: 'Slovakia',
    });

    expect(
      (await h.request('DELETE', '/api/v1/sites/IISAS-FedCloud', { token: ADMIN })).status,
    ).toBe(204);
    const gone = await h.request('GET', '/api/v1/sites/IISAS-FedCloud');
    expect(gone.status).toBe(404);
    expect((await gone.json()).error).toEqual({
      code: 'NOT_FOUND',
      message: 'no site named IISAS-FedCloud',
      details: { site: 'IISAS-FedCloud' },
    });
    // The site's admins lose their grant with it: a new site of that name starts clean.
    expect((await rowCounts(h)).role_grants).toBe(0);
  });

  it('refuses a second site of the same name with 409', async () => {
    expect((await create({ name: 'SITE-A' })).status).toBe(201);
    const again = await create({ name: 'SITE-A', country: 'Elsewhere' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('a site named SITE-A already exists');
  });

  it('answers 400 to a syntactically broken JSON body, and writes nothing', async () => {
    const before = await rowCounts(h);
    const broken = await h.request('POST', '/api/v1/sites', {
      token: ADMIN,
      body: '{"name": "X",',
    });
    expect(broken.status).toBe(400);
    const body = await broken.json();
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toMatch(/JSON/i);
    expect(await rowCounts(h)).toEqual(before);
  });

  it('answers 415 to a body that is not JSON', async () => {
    const res = await h.request('POST', '/api/v1/sites', {
      token: ADMIN,
      body: 'name=X',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an oversized body with 413 without reading it as a site', async () => {
    const res = await create({ name: 'BIG', description: 'x'.repeat(100_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the request body is larger than 65536 bytes',
    });
    expect((await rowCounts(h)).sites).toBe(0);
  });

  it('names every bad field in a 400', async () => {
    const res = await create({
      name: 'bad name!',
      countryCode: 'sk',
      latitude: 123,
      contactEmail: 'nobody',
      timezone: 'Mars/Olympus',
      colour: 'blue',
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    const paths = error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'countryCode', 'latitude', 'contactEmail', 'timezone']),
    );
    expect(error.message).toMatch(/countryCode is an ISO 3166-1 alpha-2 code/);
    expect(error.message).toMatch(/colour/);
    expect((await rowCounts(h)).sites).toBe(0);
  });

  it('asks anonymous writers for a token before looking at the body (401)', async () => {
    const res = await h.request('POST', '/api/v1/sites', { body: '{broken' });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/site\.create needs a bearer token/);
  });

  it('refuses a bad token with 401 even on reads', async () => {
    const res = await h.request('GET', '/api/v1/whoami', { token: 'garbage' });
    expect(res.status).toBe(401);
  });

  it("forbids a site admin another site's changes and the site list's creation (403)", async () => {
    await create({ name: 'SITE-A' });
    await create({ name: 'SITE-B' });
    await h.grant('admin-a', 'site-admin', 'SITE-A');
    const other = await h.request('PATCH', '/api/v1/sites/SITE-B', {
      token: 'user:admin-a',
      json: { description: 'mine now' },
    });
    expect(other.status).toBe(403);
    expect((await other.json()).error.message).toBe(
      'admin-a may not site.update on site SITE-B: needs site-admin of site SITE-B or federation-admin',
    );
    const createAttempt = await create({ name: 'SITE-C' }, 'user:admin-a');
    expect(createAttempt.status).toBe(403);
    expect((await createAttempt.json()).error.message).toMatch(/needs federation-admin/);
    const del = await h.request('DELETE', '/api/v1/sites/SITE-A', { token: 'user:admin-a' });
    expect(del.status).toBe(403);
    expect((await rowCounts(h)).sites).toBe(2);
  });

  it("keeps a site admin from changing their own site's certification status", async () => {
    await create({ name: 'SITE-A', certificationStatus: 'Candidate' });
    await h.grant('admin-a', 'site-admin', 'SITE-A');
    const promote = await h.request('PATCH', '/api/v1/sites/SITE-A', {
      token: 'user:admin-a',
      json: { certificationStatus: 'Certified' },
    });
    expect(promote.status).toBe(403);
    expect((await promote.json()).error.message).toBe(
      'admin-a may not site.certify on site SITE-A: needs federation-admin',
    );
    // The same value sent back with other changes is not a certification.
    const same = await h.request('PATCH', '/api/v1/sites/SITE-A', {
      token: 'user:admin-a',
      json: { certificationStatus: 'Candidate', description: 'ours' },
    });
    expect(same.status).toBe(200);
    const byAdmin = await h.request('PATCH', '/api/v1/sites/SITE-A', {
      token: ADMIN,
      json: { certificationStatus: 'Certified' },
    });
    expect(byAdmin.status).toBe(200);
    const detail = await (await h.request('GET', '/api/v1/sites/SITE-A')).json();
    expect([detail.certificationStatus, detail.description]).toEqual(['Certified', 'ours']);
  });

  it('does not rename a site', async () => {
    await create({ name: 'SITE-A' });
    const res = await h.request('PATCH', '/api/v1/sites/SITE-A', {
      token: ADMIN,
      json: { name: 'SITE-Z' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/cannot be renamed/);
  });

  it('answers 404 naming an unknown site for writes and reads', async () => {
    const res = await h.request('PATCH', '/api/v1/sites/NOPE', { token: ADMIN, json: {} });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe('no site named NOPE');
    expect((await h.request('DELETE', '/api/v1/sites/NOPE', { token: ADMIN })).status).toBe(404);
  });
});
