import { describe, expect, it } from 'vitest';
import { createTestSite } from '../testing/test-site.js';

describe('keystone version discovery', () => {
  const { call, site } = createTestSite();

  it('lists v3 at the root with 300 Multiple Choices', async () => {
    const res = await call('GET', '/');
    expect(res.status).toBe(300);
    const body = await res.json();
    expect(body.versions.values).toHaveLength(1);
    expect(body.versions.values[0]).toMatchObject({
      id: 'v3.14',
      status: 'stable',
      links: [{ rel: 'self', href: `${site.baseUrl}/v3/` }],
      'media-types': [
        { base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' },
      ],
    });
  });

  it.each(['/v3', '/v3/'])('describes the version at %s', async (path) => {
    const res = await call('GET', path);
    expect(res.status).toBe(200);
    expect((await res.json()).version).toMatchObject({ id: 'v3.14', status: 'stable' });
  });

  it('answers unknown v3 paths with 404 and wrong methods with 405, in Keystone shape', async () => {
    const missing = await call('GET', '/v3/nothing/here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 404, title: 'Not Found', message: 'The resource could not be found.' },
    });
    const wrong = await call('PUT', '/v3/auth/tokens');
    expect(wrong.status).toBe(405);
    expect((await wrong.json()).error).toMatchObject({ code: 405, title: 'Method Not Allowed' });
  });
});
