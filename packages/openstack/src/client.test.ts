import { describe, expect, it, vi } from 'vitest';
import { createClient } from './client.js';
import { OpenStackError } from './errors.js';
import { fakeFetch, json, scopedAuth } from './testing/fake-fetch.js';

const UNAUTHORIZED = () =>
  json(401, {
    error: {
      code: 401,
      message: 'The request you have made requires authentication.',
      title: 'Unauthorized',
    },
  });

describe('createClient', () => {
  it('resolves the public endpoint, joins the path and query, adds X-Auth-Token', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { servers: [] }));
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    await client.request('compute', '/servers', {
      query: { limit: 5, name: 'vm', tags: ['a', 'b'], skip: undefined },
    });
    expect(calls[0]?.url).toBe(
      'https://nova.one.example.org/v2.1/servers?limit=5&name=vm&tags=a&tags=b',
    );
    expect(calls[0]?.headers.get('x-auth-token')).toBe('gAAAAABscoped-token-one');
  });

  it('picks the region and interface asked for', () => {
    const auth = scopedAuth();
    expect(createClient({ auth, region: 'RegionTwo' }).endpoint('compute')).toBe(
      'https://nova.two.example.org/v2.1',
    );
    expect(createClient({ auth, interface: 'internal' }).endpoint('compute')).toBe(
      'http://nova.internal:8774/v2.1',
    );
    expect(() => createClient({ auth, region: 'Nowhere' }).endpoint('compute')).toThrow(
      expect.objectContaining({ code: 'ENDPOINT_NOT_FOUND' }),
    );
  });

  it('does not repeat a version the endpoint already has', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { projects: [] }));
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    await client.request('identity', '/v3/auth/projects');
    expect(calls[0]?.url).toBe('https://keystone.example.org:5000/v3/auth/projects');
  });

  it('sends a compute microversion given as a string', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    await client.request('compute', '/servers', { microversion: '2.37' });
    await client.request('volumev3', '/volumes', { microversion: '3.60' });
    expect(calls[0]?.headers.get('openstack-api-version')).toBe('compute 2.37');
    expect(calls[1]?.headers.get('openstack-api-version')).toBe('volume 3.60');
  });

  it('re-authenticates once on 401, retries with the new token, and keeps it', async () => {
    const fresh = scopedAuth({ token: 'gAAAAABscoped-token-two' });
    const reauthenticate = vi.fn(async () => fresh);
    const { fetch, calls } = fakeFetch((call) =>
      call.headers.get('x-auth-token') === 'gAAAAABscoped-token-one'
        ? UNAUTHORIZED()
        : json(200, { ok: 1 }),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth({ reauthenticate }) });
    const response = await client.request('compute', '/servers');
    expect(response.data).toEqual({ ok: 1 });
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c.headers.get('x-auth-token'))).toEqual([
      'gAAAAABscoped-token-one',
      'gAAAAABscoped-token-two',
    ]);
    expect(client.auth.token).toBe('gAAAAABscoped-token-two');
    // The refreshed auth keeps the way to refresh again.
    expect(client.auth.reauthenticate).toBe(reauthenticate);
    await client.request('compute', '/servers');
    expect(calls[2]?.headers.get('x-auth-token')).toBe('gAAAAABscoped-token-two');
  });

  it('a second 401 after re-authentication surfaces', async () => {
    const reauthenticate = vi.fn(async () => scopedAuth({ token: 'gAAAAABscoped-token-two' }));
    const { fetch, calls } = fakeFetch(UNAUTHORIZED);
    const client = createClient({ transport: { fetch }, auth: scopedAuth({ reauthenticate }) });
    const error = await client.request('compute', '/servers').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenStackError);
    expect((error as OpenStackError).code).toBe('HTTP_UNAUTHORIZED');
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
  });

  it('without reauthenticate a 401 surfaces at once', async () => {
    const { fetch, calls } = fakeFetch(UNAUTHORIZED);
    const client = createClient({ transport: { fetch }, auth: scopedAuth() });
    await expect(client.request('compute', '/servers')).rejects.toMatchObject({
      code: 'HTTP_UNAUTHORIZED',
    });
    expect(calls).toHaveLength(1);
  });

  it('concurrent 401s share one re-authentication', async () => {
    const reauthenticate = vi.fn(async () => scopedAuth({ token: 'gAAAAABscoped-token-two' }));
    const { fetch } = fakeFetch((call) =>
      call.headers.get('x-auth-token') === 'gAAAAABscoped-token-one'
        ? UNAUTHORIZED()
        : json(200, {}),
    );
    const client = createClient({ transport: { fetch }, auth: scopedAuth({ reauthenticate }) });
    await Promise.all([
      client.request('compute', '/a'),
      client.request('compute', '/b'),
      client.request('image', '/c'),
    ]);
    expect(reauthenticate).toHaveBeenCalledTimes(1);
  });

  it('re-authenticates before a call when the token has expired', async () => {
    const reauthenticate = vi.fn(async () => scopedAuth({ token: 'gAAAAABscoped-token-two' }));
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const client = createClient({
      transport: { fetch },
      auth: scopedAuth({ reauthenticate, expiresAt: new Date(Date.now() - 1000) }),
    });
    await client.request('compute', '/servers');
    expect(calls[0]?.headers.get('x-auth-token')).toBe('gAAAAABscoped-token-two');
  });

  it('does not replay a streamed upload after a 401', async () => {
    const reauthenticate = vi.fn(async () => scopedAuth({ token: 'gAAAAABscoped-token-two' }));
    const { fetch } = fakeFetch(UNAUTHORIZED);
    const client = createClient({ transport: { fetch }, auth: scopedAuth({ reauthenticate }) });
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    await expect(
      client.request('image', '/v2/images/i/file', { method: 'PUT', rawBody: body }),
    ).rejects.toMatchObject({
      code: 'HTTP_UNAUTHORIZED',
    });
    expect(reauthenticate).not.toHaveBeenCalled();
  });
});
