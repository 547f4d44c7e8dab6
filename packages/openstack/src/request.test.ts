import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OpenStackError } from './errors.js';
import { request, requestStream } from './request.js';
import { empty, fakeFetch, json, text } from './testing/fake-fetch.js';

/** A fetch that never answers, and (like some broken fetches) ignores its signal. */
const hangingFetch = (() => new Promise<Response>(() => undefined)) as typeof fetch;

describe('request', () => {
  it('sends JSON with X-Auth-Token, Accept, User-Agent and parses a JSON answer', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { ok: true }));
    const response = await request<{ ok: boolean }>(
      { fetch, userAgent: 'test-agent' },
      { method: 'post', url: 'https://h/x', token: 'tok-123456', body: { a: 1 } },
    );
    expect(response.data).toEqual({ ok: true });
    expect(response.status).toBe(200);
    const [call] = calls;
    expect(call?.method).toBe('POST');
    expect(call?.body).toBe('{"a":1}');
    expect(call?.headers.get('x-auth-token')).toBe('tok-123456');
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('accept')).toBe('application/json');
    expect(call?.headers.get('user-agent')).toBe('test-agent');
    expect(call?.init.redirect).toBe('manual');
  });

  it('returns text for non-JSON answers and undefined for 204', async () => {
    const { fetch } = fakeFetch((_call, index) => (index === 0 ? text(200, 'hello') : empty(204)));
    expect((await request({ fetch }, { url: 'https://h/a' })).data).toBe('hello');
    expect(
      (await request({ fetch }, { url: 'https://h/b', method: 'DELETE' })).data,
    ).toBeUndefined();
  });

  it('sends the microversion header, and the legacy Nova one for compute', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    await request(
      { fetch },
      { url: 'https://h/servers', microversion: { service: 'compute', version: '2.79' } },
    );
    await request(
      { fetch },
      { url: 'https://h/volumes', microversion: { service: 'volume', version: '3.59' } },
    );
    expect(calls[0]?.headers.get('openstack-api-version')).toBe('compute 2.79');
    expect(calls[0]?.headers.get('x-openstack-nova-api-version')).toBe('2.79');
    expect(calls[1]?.headers.get('openstack-api-version')).toBe('volume 3.59');
    expect(calls[1]?.headers.has('x-openstack-nova-api-version')).toBe(false);
  });

  it('an answer outside `expected` is an error', async () => {
    const { fetch } = fakeFetch(() => json(200, {}));
    const error = await request({ fetch }, { url: 'https://h/x', expected: [202] }).catch(
      (e: unknown) => e,
    );
    expect((error as OpenStackError).code).toBe('INVALID_RESPONSE');
  });

  it('does not follow a redirect that would carry X-Auth-Token elsewhere', async () => {
    const { fetch } = fakeFetch(() => empty(302, { Location: 'https://elsewhere.example.org/x' }));
    const error = (await request({ fetch }, { url: 'https://h/x', token: 'tok-123456' }).catch(
      (e: unknown) => e,
    )) as OpenStackError;
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.message).toContain('redirect not followed');
  });

  it('malformed JSON → INVALID_RESPONSE', async () => {
    const { fetch } = fakeFetch(() => text(200, '{nope', 'application/json'));
    const error = await request({ fetch }, { url: 'https://h/x' }).catch((e: unknown) => e);
    expect((error as OpenStackError).code).toBe('INVALID_RESPONSE');
  });

  it('a fetch that never answers → TIMEOUT after timeoutMs', async () => {
    const started = Date.now();
    const error = await request(
      { fetch: hangingFetch, timeoutMs: 50 },
      { url: 'https://h/slow' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenStackError);
    expect((error as OpenStackError).code).toBe('TIMEOUT');
    expect((error as OpenStackError).cause).toBeInstanceOf(DOMException);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('the per-call timeout overrides the transport one', async () => {
    const error = await request(
      { fetch: hangingFetch, timeoutMs: 60_000 },
      { url: 'https://h/slow', timeoutMs: 20 },
    ).catch((e: unknown) => e);
    expect((error as OpenStackError).code).toBe('TIMEOUT');
  });

  it('the caller’s AbortSignal aborts the call (and reaches fetch)', async () => {
    let seen: AbortSignal | undefined;
    const fetch = ((_url: string, init: RequestInit) => {
      seen = init.signal ?? undefined;
      return new Promise<Response>(() => undefined);
    }) as typeof globalThis.fetch;
    const controller = new AbortController();
    const pending = request(
      { fetch, timeoutMs: 60_000 },
      { url: 'https://h/x', signal: controller.signal },
    );
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as OpenStackError).code).toBe('ABORTED');
    expect(seen?.aborted).toBe(true);
  });

  it('an already aborted signal fails at once', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const error = await request(
      { fetch },
      { url: 'https://h/x', signal: AbortSignal.abort() },
    ).catch((e: unknown) => e);
    expect((error as OpenStackError).code).toBe('ABORTED');
    expect(calls.length).toBeLessThanOrEqual(1);
  });

  it('a failing fetch → NETWORK_ERROR with the cause and its code', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), {
      code: 'ECONNREFUSED',
    });
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed', { cause });
    });
    const error = (await request({ fetch }, { url: 'https://h/x' }).catch(
      (e: unknown) => e,
    )) as OpenStackError;
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('streams a Node Readable upload with duplex half', async () => {
    const { fetch, calls } = fakeFetch(() => empty(204));
    await request(
      { fetch },
      {
        method: 'PUT',
        url: 'https://h/file',
        rawBody: Readable.from([Buffer.from('abc')]),
        headers: { 'Content-Type': 'application/octet-stream' },
      },
    );
    expect(calls[0]?.init.duplex).toBe('half');
    expect(calls[0]?.init.body).toBeInstanceOf(ReadableStream);
    expect(calls[0]?.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('passes the dispatcher through to fetch', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const dispatcher = { marker: true } as unknown as import('undici').Dispatcher;
    await request({ fetch, dispatcher }, { url: 'https://h/x' });
    expect(calls[0]?.init.dispatcher).toBe(dispatcher);
  });
});

describe('requestStream', () => {
  it('returns the raw Response for a download', async () => {
    const { fetch } = fakeFetch(() => new Response('bytes', { status: 200 }));
    const response = await requestStream({ fetch }, { url: 'https://h/file' });
    expect(await response.text()).toBe('bytes');
  });

  it('throws the parsed error for a failed download', async () => {
    const { fetch } = fakeFetch(() => text(404, '404 Not Found\n\nNo image found'));
    const error = await requestStream({ fetch }, { url: 'https://h/file', service: 'image' }).catch(
      (e: unknown) => e,
    );
    expect((error as OpenStackError).code).toBe('HTTP_NOT_FOUND');
    expect((error as OpenStackError).message).toContain('No image found');
  });

  it('times out while waiting for headers', async () => {
    const error = await requestStream(
      { fetch: hangingFetch, timeoutMs: 30 },
      { url: 'https://h/file' },
    ).catch((e: unknown) => e);
    expect((error as OpenStackError).code).toBe('TIMEOUT');
  });
});

describe('the one retry of an idempotent call', () => {
  const reset = () =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });

  it('sends a GET, PUT or DELETE once more after a 503, honouring a short Retry-After', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const { fetch, calls } = fakeFetch((_call, index) =>
        index === 0
          ? new Response('busy', { status: 503, headers: { 'retry-after': '0' } })
          : json(200, { ok: true }),
      );
      const response = await request({ fetch }, { method, url: 'https://h/x', body: { a: 1 } });
      expect([method, response.status, calls.length]).toEqual([method, 200, 2]);
      expect(calls[1]?.body).toBe('{"a":1}');
    }
  });

  it('sends it once more after a reset connection', async () => {
    const { fetch, calls } = fakeFetch((_call, index) => {
      if (index === 0) throw reset();
      return json(200, { ok: true });
    });
    expect((await request({ fetch }, { url: 'https://h/x' })).data).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
  });

  it('gives up after the second 503, with the error of the second answer', async () => {
    const { fetch, calls } = fakeFetch(
      () => new Response('still busy', { status: 503, headers: { 'retry-after': '0' } }),
    );
    await expect(request({ fetch }, { url: 'https://h/x' })).rejects.toMatchObject({
      status: 503,
    });
    expect(calls).toHaveLength(2);
  });

  it('never repeats a POST, a refused connection or a streamed body', async () => {
    const busy = () => new Response('busy', { status: 503, headers: { 'retry-after': '0' } });
    const post = fakeFetch(busy);
    await expect(
      request({ fetch: post.fetch }, { method: 'POST', url: 'https://h/x' }),
    ).rejects.toThrow();
    expect(post.calls).toHaveLength(1);

    const refused = fakeFetch(() => {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    });
    await expect(request({ fetch: refused.fetch }, { url: 'https://h/x' })).rejects.toThrow();
    expect(refused.calls).toHaveLength(1);

    const stream = fakeFetch(busy);
    await expect(
      request(
        { fetch: stream.fetch },
        { method: 'PUT', url: 'https://h/file', rawBody: Readable.from([Buffer.from('bytes')]) },
      ),
    ).rejects.toThrow();
    expect(stream.calls).toHaveLength(1);
  });
});
