import { describe, expect, it } from 'vitest';
import { callHub, hubApiUrl, hubError } from './api.js';

describe('hubApiUrl', () => {
  it('keeps the hub path whether or not it ends with a slash', () => {
    expect(hubApiUrl('https://hub.example.org/base', '/api/v1/roles')).toBe(
      'https://hub.example.org/base/api/v1/roles',
    );
    expect(hubApiUrl('https://hub.example.org/', 'api/v1/roles')).toBe(
      'https://hub.example.org/api/v1/roles',
    );
  });
});

describe('hubError', () => {
  it("reads the hub's code and message", () => {
    expect(hubError('{"error":{"code":"CONFLICT","message":"site exists"}}')).toEqual({
      code: 'CONFLICT',
      message: 'site exists',
    });
    expect(hubError('{"error":{"message":"no"}}')).toEqual({ message: 'no' });
  });

  it('cuts any other body to one line of at most 200 characters', () => {
    expect(hubError('<html>\n  <body>Bad   gateway</body>\n</html>')).toEqual({
      message: '<html> <body>Bad gateway</body> </html>',
    });
    expect(hubError('x'.repeat(250)).message).toBe(`${'x'.repeat(200)}…`);
    expect(hubError('  ')).toEqual({ message: '' });
  });
});

describe('callHub', () => {
  it('sends the bearer token and a JSON body, and returns any status with its body', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response('{"error":{"message":"no"}}', { status: 403 });
    }) as unknown as typeof fetch;
    const answer = await callHub({
      hubUrl: 'https://hub.example.org',
      path: '/api/v1/sites',
      method: 'POST',
      token: 'admin-token',
      body: { name: 'S' },
      fetch: fetchFn,
    });
    expect(answer.status).toBe(403);
    expect(answer.text).toBe('{"error":{"message":"no"}}');
    expect(seen[0]?.url).toBe('https://hub.example.org/api/v1/sites');
    expect(seen[0]?.init.method).toBe('POST');
    expect(seen[0]?.init.body).toBe('{"name":"S"}');
    expect(seen[0]?.init.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer admin-token',
      'content-type': 'application/json',
    });
  });

  it('sends bytes unchanged with the type given, as a signed image list goes', async () => {
    let seen: RequestInit | undefined;
    const fetchFn = (async (_url: string, init: RequestInit) => {
      seen = init;
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    const signed = Buffer.from('MIME-Version: 1.0\r\n\r\n{"a": 1}\r\n', 'latin1');
    await callHub({
      hubUrl: 'https://h',
      path: '/api/v1/vos/v/image-list',
      method: 'PUT',
      body: signed,
      contentType: 'text/plain',
      fetch: fetchFn,
    });
    expect(Buffer.from(seen?.body as Uint8Array).toString('latin1')).toBe(
      'MIME-Version: 1.0\r\n\r\n{"a": 1}\r\n',
    );
    expect((seen?.headers as Record<string, string>)['content-type']).toBe('text/plain');
  });

  it('throws a network failure as fetch threw it', async () => {
    const failure = new TypeError('fetch failed');
    const fetchFn = (async () => {
      throw failure;
    }) as unknown as typeof fetch;
    await expect(callHub({ hubUrl: 'https://h', path: '/x', fetch: fetchFn })).rejects.toBe(
      failure,
    );
  });
});
