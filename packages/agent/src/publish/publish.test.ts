import { describe, expect, it, vi } from 'vitest';
import { isAgentError } from '../errors.js';
import type { HubTokenSource } from './hub-token.js';
import { infoUrl, publishDocument, reportFailing, retryAfter } from './publish.js';

const DOCUMENT = { CloudComputingService: [], CloudComputingEndpoint: [] };

function tokens(): HubTokenSource & { invalidated: number } {
  const source = {
    invalidated: 0,
    getToken: () => Promise.resolve('token-value'),
    invalidate() {
      source.invalidated += 1;
    },
  };
  return source;
}

type Step = { status: number; body?: string; headers?: Record<string, string> } | Error;

function scripted(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const step = steps.shift();
    if (!step) throw new Error('no more responses scripted');
    if (step instanceof Error) throw step;
    return new Response(step.status === 204 ? null : (step.body ?? ''), {
      status: step.status,
      ...(step.headers ? { headers: step.headers } : {}),
    });
  }) as unknown as typeof fetch;
  return { fetchFn, calls };
}

const noSleep = vi.fn(() => Promise.resolve());

describe('publishDocument', () => {
  it('PUTs the document with the bearer token to the site info URL', async () => {
    const { fetchFn, calls } = scripted([{ status: 200, body: '{}' }]);
    const result = await publishDocument({
      hubUrl: 'https://hub.example.org/',
      siteName: 'SITE A',
      document: DOCUMENT,
      tokens: tokens(),
      fetch: fetchFn,
    });
    expect(result).toEqual({
      url: 'https://hub.example.org/api/v1/sites/SITE%20A/info',
      status: 200,
      attempts: 1,
    });
    expect(calls).toHaveLength(1);
    const init = calls[0]!.init;
    expect(init.method).toBe('PUT');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer token-value');
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual(DOCUMENT);
  });

  it('retries network errors and 5xx with growing delays, then succeeds', async () => {
    const { fetchFn, calls } = scripted([
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      }),
      { status: 503, body: '{"error":{"code":"INTERNAL","message":"database busy"}}' },
      { status: 204 },
    ]);
    const sleep = vi.fn(() => Promise.resolve());
    const log: string[] = [];
    const result = await publishDocument({
      hubUrl: 'https://hub.example.org',
      siteName: 'S',
      document: DOCUMENT,
      tokens: tokens(),
      fetch: fetchFn,
      sleep,
      log: (line) => log.push(line),
      retry: { baseDelayMs: 100 },
    });
    expect(result.attempts).toBe(3);
    expect(calls).toHaveLength(3);
    expect(sleep.mock.calls.map((c) => (c as unknown[])[0])).toEqual([100, 200]);
    expect(log).toEqual([
      'retrying in 100 ms (hub unreachable: ECONNREFUSED)',
      'retrying in 200 ms (hub answered HTTP 503: INTERNAL: database busy)',
    ]);
  });

  it('gives up after the bounded number of tries', async () => {
    const { fetchFn, calls } = scripted([{ status: 502 }, { status: 502 }, { status: 502 }]);
    const error = await publishDocument({
      hubUrl: 'https://hub.example.org',
      siteName: 'S',
      document: DOCUMENT,
      tokens: tokens(),
      fetch: fetchFn,
      sleep: noSleep,
      retry: { attempts: 3, baseDelayMs: 1 },
    }).catch((e: unknown) => e);
    expect(calls).toHaveLength(3);
    expect(isAgentError(error) && error.code).toBe('PUBLISH_FAILED');
    expect((error as Error).message).toBe(
      'could not publish to https://hub.example.org/api/v1/sites/S/info after 3 tries: hub answered HTTP 502',
    );
  });

  it('never retries a 4xx and reports the hub message', async () => {
    const { fetchFn, calls } = scripted([
      {
        status: 422,
        body: '{"error":{"code":"INVALID_DOCUMENT","message":"Share[0].ProjectID is required"}}',
      },
    ]);
    const error = await publishDocument({
      hubUrl: 'https://hub.example.org',
      siteName: 'S',
      document: DOCUMENT,
      tokens: tokens(),
      fetch: fetchFn,
      sleep: noSleep,
    }).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(isAgentError(error) && error.code).toBe('PUBLISH_REJECTED');
    expect((error as Error).message).toBe(
      'the hub refused the document for S (HTTP 422): INVALID_DOCUMENT: Share[0].ProjectID is required',
    );
    expect((error as Error).message).not.toContain('token-value');
  });

  it('drops the cached token when the hub answers 401', async () => {
    const source = tokens();
    const { fetchFn } = scripted([{ status: 401, body: 'no' }]);
    await expect(
      publishDocument({
        hubUrl: 'https://hub.example.org',
        siteName: 'S',
        document: DOCUMENT,
        tokens: source,
        fetch: fetchFn,
      }),
    ).rejects.toThrow('the hub refused the document for S (HTTP 401): no');
    expect(source.invalidated).toBe(1);
  });
});

describe('infoUrl', () => {
  it('keeps a path prefix of the hub URL', () => {
    expect(infoUrl('https://example.org/hub', 'A')).toBe(
      'https://example.org/hub/api/v1/sites/A/info',
    );
  });
});

describe('the hub asking the agent to slow down (429)', () => {
  it("waits the hub's Retry-After, then publishes", async () => {
    const { fetchFn, calls } = scripted([
      {
        status: 429,
        body: '{"error":{"code":"TOO_MANY_REQUESTS","message":"slow"}}',
        headers: { 'retry-after': '7' },
      },
      { status: 201, body: '{}' },
    ]);
    const sleep = vi.fn(() => Promise.resolve());
    const result = await publishDocument({
      hubUrl: 'https://hub.example.org',
      siteName: 'S',
      document: DOCUMENT,
      tokens: tokens(),
      fetch: fetchFn,
      sleep,
    });
    expect(result.attempts).toBe(2);
    expect(calls).toHaveLength(2);
    expect(sleep.mock.calls.map((c: unknown[]) => c[0])).toEqual([7000]);
  });

  it('gives the cycle up when the hub asks for more than five minutes', async () => {
    const { fetchFn, calls } = scripted([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const error = await publishDocument({
      hubUrl: 'https://hub.example.org',
      siteName: 'S',
      document: DOCUMENT,
      tokens: tokens(),
      fetch: fetchFn,
      sleep: noSleep,
    }).catch((e: unknown) => e);
    expect(isAgentError(error) && error.code).toBe('PUBLISH_FAILED');
    expect((error as Error).message).toContain('HTTP 429, Retry-After 3600 s');
    expect(calls).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(retryAfter('120', now)).toBe(120_000);
    expect(retryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfter(null, now)).toBeUndefined();
    expect(retryAfter('soon', now)).toBeUndefined();
  });
});

describe('reportFailing', () => {
  it('PUTs a failing health mark with the reason to <info URL>/health', async () => {
    const { fetchFn, calls } = scripted([{ status: 200, body: '{}' }]);
    await reportFailing({
      hubUrl: 'https://hub.example.org/',
      siteName: 'SITE-A',
      reason: 'no VO project could be read: ECONNREFUSED',
      tokens: tokens(),
      fetch: fetchFn,
    });
    expect(calls[0]!.url).toBe('https://hub.example.org/api/v1/sites/SITE-A/info/health');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      state: 'failing',
      reason: 'no VO project could be read: ECONNREFUSED',
    });
  });
});
