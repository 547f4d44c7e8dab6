import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson, parseErrorBody } from './api.js';

describe('parseErrorBody', () => {
  it("reads the hub's error body", () => {
    expect(parseErrorBody({ error: { code: 'NOT_FOUND', message: 'no site X' } })).toEqual({
      code: 'NOT_FOUND',
      message: 'no site X',
    });
  });

  it('rejects anything else', () => {
    expect(parseErrorBody(null)).toBeUndefined();
    expect(parseErrorBody({ error: 'boom' })).toBeUndefined();
    expect(parseErrorBody({ error: { code: 'X' } })).toBeUndefined();
  });
});

describe('getJson', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("turns a hub error into an ApiError carrying the hub's message", async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({ error: { code: 'NOT_FOUND', message: 'no site named X' } }, { status: 404 }),
    );
    const error = await getJson('/sites/X').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'no site named X',
      notFound: true,
    });
  });

  it('explains a non-JSON error page and an unreachable hub', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(getJson('/sites')).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: 'The hub answered 502 Bad Gateway.',
    });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(getJson('/sites')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('reads the data under /api/v1', async () => {
    const fetchMock = vi.fn(async () => Response.json([{ name: 'A' }]));
    vi.stubGlobal('fetch', fetchMock);
    await expect(getJson('/sites')).resolves.toEqual([{ name: 'A' }]);
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/sites', expect.anything());
  });
});
