import { describe, expect, it } from 'vitest';
import { FedcloudError } from '../errors.js';
import {
  isAccountingMonth,
  readAccountingExport,
  readAccountingSites,
  readAccountingUsage,
} from './accounting.js';

const HUB = 'https://hub.example.org';

/** A fetch answering every request with one status and body, and keeping what was asked. */
function fakeHub(status: number, body: string, headers: Record<string, string> = {}) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    seen.push({ url, headers: init.headers as Record<string, string> });
    return new Response(body, { status, headers });
  }) as unknown as typeof fetch;
  return { seen, fetchFn };
}

const usageBody = JSON.stringify({
  groupBy: ['vo'],
  from: '2026-01',
  to: null,
  rows: [
    {
      vo: 'vo.a',
      wallSeconds: 5400,
      wallHours: 1.5,
      cpuSeconds: 3600,
      cpuHours: 1,
      vms: 2,
      memoryMb: 4096,
      diskGb: 40,
    },
  ],
});

async function refusalOf(promise: Promise<unknown>): Promise<FedcloudError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FedcloudError);
  return error as FedcloudError;
}

describe('isAccountingMonth', () => {
  it('takes YYYY-MM only', () => {
    expect(['2026-01', '1999-12'].map(isAccountingMonth)).toEqual([true, true]);
    expect(['2026-13', '2026-1', '2026-00', '26-01', '2026-01-01'].map(isAccountingMonth)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('readAccountingUsage', () => {
  it('sends the filters, the groups as one comma list and the token', async () => {
    const { seen, fetchFn } = fakeHub(200, usageBody);
    const usage = await readAccountingUsage(
      { hubUrl: HUB, fetch: fetchFn, token: 'tok' },
      { vo: 'vo.a', from: '2026-01', groupBy: ['vo', 'user'] },
    );
    expect(usage.rows[0]).toMatchObject({ vo: 'vo.a', wallHours: 1.5, vms: 2 });
    expect(seen[0]?.url).toBe(
      `${HUB}/api/v1/accounting/usage?vo=vo.a&from=2026-01&groupBy=vo%2Cuser`,
    );
    expect(seen[0]?.headers.authorization).toBe('Bearer tok');
  });

  it('sends no Authorization header without a token', async () => {
    const { seen, fetchFn } = fakeHub(200, usageBody);
    await readAccountingUsage({ hubUrl: HUB, fetch: fetchFn }, {});
    expect(seen[0]?.url).toBe(`${HUB}/api/v1/accounting/usage`);
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('turns 401 without a token into TOKEN_MISSING, and with one into TOKEN_INVALID', async () => {
    const body =
      '{"error":{"code":"UNAUTHENTICATED","message":"usage grouped by user needs a bearer token"}}';
    const anonymous = await refusalOf(
      readAccountingUsage({ hubUrl: HUB, fetch: fakeHub(401, body).fetchFn }, {}),
    );
    expect(anonymous.code).toBe('TOKEN_MISSING');
    expect(anonymous.message).toBe(
      `the hub ${HUB} wants a token to read usage: usage grouped by user needs a bearer token`,
    );
    expect(anonymous.hint).toMatch(/VO manager of the VO \(--vo\)/);
    const refused = await refusalOf(
      readAccountingUsage({ hubUrl: HUB, fetch: fakeHub(401, body).fetchFn, token: 't' }, {}),
    );
    expect(refused.code).toBe('TOKEN_INVALID');
  });

  it("turns 403 into TOKEN_INVALID with the hub's words and the roles that may read it", async () => {
    const body =
      '{"error":{"code":"FORBIDDEN","message":"ann may not read usage grouped by user: narrow it"}}';
    const error = await refusalOf(
      readAccountingUsage({ hubUrl: HUB, fetch: fakeHub(403, body).fetchFn, token: 't' }, {}),
    );
    expect(error.code).toBe('TOKEN_INVALID');
    expect(error.message).toBe(
      `the hub ${HUB} refused to read usage: ann may not read usage grouped by user: narrow it`,
    );
    expect(error.hint).toMatch(/site-admin of the site \(--site\)/);
    expect(error.details).toEqual({ hub: HUB, status: 403 });
  });

  it('turns 400 into USAGE, 5xx and network failures into SITE_UNREACHABLE', async () => {
    const bad = await refusalOf(
      readAccountingUsage(
        {
          hubUrl: HUB,
          fetch: fakeHub(400, '{"error":{"message":"from (2026-03) is after to (2026-01)"}}')
            .fetchFn,
        },
        {},
      ),
    );
    expect([bad.code, bad.message]).toEqual([
      'USAGE',
      'the hub refused the query: from (2026-03) is after to (2026-01)',
    ]);
    const down = await refusalOf(
      readAccountingUsage({ hubUrl: HUB, fetch: fakeHub(503, '').fetchFn }, {}),
    );
    expect([down.code, down.message]).toEqual([
      'SITE_UNREACHABLE',
      `cannot read usage: the hub ${HUB} answered HTTP 503`,
    ]);
    const failing = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const unreachable = await refusalOf(readAccountingUsage({ hubUrl: HUB, fetch: failing }, {}));
    expect(unreachable.code).toBe('SITE_UNREACHABLE');
    expect(unreachable.message).toMatch(
      /^cannot read usage: the hub https:\/\/hub\.example\.org is unreachable/,
    );
  });

  it('says a hub without accounting (404, not JSON, another shape) is not an accounting hub', async () => {
    for (const [status, body] of [
      [404, '{"detail":"Not Found"}'],
      [200, '<html>'],
      [200, '{"rows": "none"}'],
    ] as const) {
      const error = await refusalOf(
        readAccountingUsage({ hubUrl: HUB, fetch: fakeHub(status, body).fetchFn }, {}),
      );
      expect(error.code).toBe('SITE_CONFIG_INVALID');
      expect(error.hint).toMatch(/serves \/api\/v1\/accounting\/usage/);
    }
  });
});

describe('readAccountingSites and readAccountingExport', () => {
  it('reads the per-site table', async () => {
    const site = {
      site: 'S',
      registered: true,
      records: 3,
      vms: 2,
      batches: 1,
      recordsReceived: 3,
      lastReceivedAt: '2026-03-01T12:00:00.000Z',
      lastBatchAt: '2026-03-01T12:00:00.000Z',
      latestMeasurement: null,
    };
    const { fetchFn } = fakeHub(200, JSON.stringify([site]));
    expect(await readAccountingSites({ hubUrl: HUB, fetch: fetchFn })).toEqual([site]);
  });

  it('returns the summary message and its count', async () => {
    const text = 'APEL-cloud-summary-message: v0.4\nSiteName: S\n%%\n';
    const { seen, fetchFn } = fakeHub(200, text, { 'x-summary-count': '1' });
    expect(
      await readAccountingExport({ hubUrl: HUB, fetch: fetchFn, token: 't' }, { site: 'S' }),
    ).toEqual({ text, count: 1 });
    expect(seen[0]?.url).toBe(`${HUB}/api/v1/accounting/export?site=S`);
    const other = await refusalOf(
      readAccountingExport({ hubUrl: HUB, fetch: fakeHub(200, 'hello').fetchFn }, {}),
    );
    expect(other.code).toBe('SITE_CONFIG_INVALID');
  });
});
