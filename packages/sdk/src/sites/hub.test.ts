import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, stat, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSiteDirectory, hubTtlSeconds } from './directory.js';
import { hubDirectory, normalizeHubUrl } from './hub.js';
import type { SiteDirectory } from './types.js';

/** cloud-info-api's answer shape, as is.cloud.egi.eu gives it (ids as GOCDB primary keys). */
const ANSWER = [
  {
    id: '12345G0',
    name: 'IISAS-FedCloud',
    url: 'https://cloud.ui.savba.sk:5000/v3',
    state: '',
    hostname: 'cloud.ui.savba.sk',
    projects: [
      { id: '71dc9c3785cc4876bfb1a4bfc681e0f3', name: 'vo.access.egi.eu' },
      { id: 'a1b2', name: 'training.egi.eu' },
    ],
  },
  {
    id: '999G0',
    name: 'CESGA',
    url: 'https://fedcloud-osservices.egi.cesga.es:5000/v3',
    state: '',
    hostname: '',
    projects: [],
  },
];

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in for the remote hub: each test sets what it answers and counts the requests. */
let server: Server;
let base: string;
let handler: Handler;
let requests: string[];
let cacheDir: string;
let clock: number;
const now = () => clock;

const json =
  (body: unknown, status = 200): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

beforeEach(async () => {
  requests = [];
  handler = json(ANSWER);
  cacheDir = join(await mkdtemp(join(tmpdir(), 'hub-cache-')), 'fedcloud', 'hub');
  clock = Date.parse('2025-06-01T12:00:00Z');
});

afterEach(async () => {
  server.closeAllConnections();
  await rm(join(cacheDir, '..', '..'), { recursive: true, force: true });
});

const folder = (names: string[]): SiteDirectory => ({
  description: 'site folder /sites',
  listSites: async () =>
    names.map((name) => ({
      name,
      endpoint: `https://${name}.example.org/v3`,
      protocol: 'openid' as const,
      vos: [],
      source: `/sites/${name}.yaml`,
    })),
});

const hub = (extra: Partial<Parameters<typeof hubDirectory>[0]> = {}) =>
  hubDirectory({ url: base, cacheDir, ttlSeconds: 300, now, timeoutMs: 5000, ...extra });

/** A port nothing listens on: connections are refused at once. */
async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((done) => probe.close(done));
  return `http://127.0.0.1:${port}`;
}

describe('hubDirectory', () => {
  it('reads every site with its VOs from one request to /sites/?include_projects=true', async () => {
    const sites = await hub().listSites();
    expect(requests).toEqual(['/sites/?include_projects=true']);
    expect(sites).toEqual([
      {
        name: 'IISAS-FedCloud',
        endpoint: 'https://cloud.ui.savba.sk:5000/v3',
        protocol: 'openid',
        vos: [
          { name: 'vo.access.egi.eu', projectId: '71dc9c3785cc4876bfb1a4bfc681e0f3', extra: {} },
          { name: 'training.egi.eu', projectId: 'a1b2', extra: {} },
        ],
        source: `${base}/sites/`,
      },
      {
        name: 'CESGA',
        endpoint: 'https://fedcloud-osservices.egi.cesga.es:5000/v3',
        protocol: 'openid',
        vos: [],
        source: `${base}/sites/`,
      },
    ]);
    expect(hub().description).toBe(`hub ${base}`);
  });

  it('accepts numeric ids and missing optional fields (older cloud-info answers)', async () => {
    handler = json([{ id: 7, name: 'X', url: 'https://x.example.org:5000/v3' }]);
    const [site] = await hub().listSites();
    expect(site).toMatchObject({ name: 'X', vos: [] });
  });

  it('keeps the answer for the TTL, then asks again; refresh and TTL 0 always ask', async () => {
    await hub().listSites();
    await hub().listSites();
    expect(requests).toHaveLength(1);

    clock += 299_000;
    await hub().listSites();
    expect(requests).toHaveLength(1);
    clock += 2_000;
    await hub().listSites();
    expect(requests).toHaveLength(2);

    await hub().listSites({ refresh: true });
    expect(requests).toHaveLength(3);
    await hub({ ttlSeconds: 0 }).listSites();
    await hub({ ttlSeconds: 0 }).listSites();
    expect(requests).toHaveLength(5);
  });

  it('sees a new answer once the cached one has expired', async () => {
    await hub().listSites();
    handler = json([ANSWER[1]]);
    expect((await hub().listSites()).map((s) => s.name)).toEqual(['IISAS-FedCloud', 'CESGA']);
    clock += 301_000;
    expect((await hub().listSites()).map((s) => s.name)).toEqual(['CESGA']);
  });

  it('caches in a private file named by the hash of the hub URL, written atomically', async () => {
    await hub({ url: `${base}/` }).listSites();
    const hash = createHash('sha256').update(base).digest('hex');
    const file = join(cacheDir, `${hash}.json`);
    expect(((await stat(cacheDir)).mode & 0o777).toString(8)).toBe('700');
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    const entry = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(entry).toMatchObject({ version: 1, hub: base, fetchedAt: '2025-06-01T12:00:00.000Z' });
    expect(entry.sites).toEqual(ANSWER);
    // The trailing slash names the same hub, hence the same cache.
    await hub().listSites();
    expect(requests).toHaveLength(1);
  });

  it('ignores a corrupted cache file and replaces it', async () => {
    const hash = createHash('sha256').update(base).digest('hex');
    await mkdir(cacheDir, { recursive: true });
    await writeFile(join(cacheDir, `${hash}.json`), '{"version":1,"hub":');
    expect(await hub().listSites()).toHaveLength(2);
    expect(requests).toHaveLength(1);
    expect(await hub().listSites()).toHaveLength(2);
    expect(requests).toHaveLength(1);
  });

  it('uses the stale list, with one warning, when the hub answers 5xx', async () => {
    await hub().listSites();
    clock += 3 * 3600_000;
    handler = json({ detail: 'down for maintenance' }, 503);
    const warnings: string[] = [];
    const sites = await hub({ onWarning: (w) => warnings.push(w) }).listSites();
    expect(sites.map((s) => s.name)).toEqual(['IISAS-FedCloud', 'CESGA']);
    expect(sites[0]?.source).toBe(`${base}/sites/ (cached 2025-06-01T12:00:00.000Z)`);
    expect(warnings).toEqual([
      `hub ${base} is unreachable (HTTP 503 Service Unavailable); using its site list from 3 h ago`,
    ]);
  });

  it('uses the stale list when the hub is not listening at all', async () => {
    const url = await deadUrl();
    const cacheOf = hubDirectory({ url, cacheDir, ttlSeconds: 0, now, fetch: redirectTo(base) });
    await cacheOf.listSites();
    const warnings: string[] = [];
    const sites = await hubDirectory({
      url,
      cacheDir,
      ttlSeconds: 0,
      now,
      onWarning: (w) => warnings.push(w),
    }).listSites();
    expect(sites).toHaveLength(2);
    expect(warnings[0]).toMatch(
      new RegExp(`^hub ${url} is unreachable \\(.*ECONNREFUSED.*\\); using its site list from`),
    );
  });

  it('falls back to the folder, with a warning, when the hub is down and nothing is cached', async () => {
    handler = json({}, 502);
    const warnings: string[] = [];
    const sites = await hub({
      fallback: folder(['LOCAL-A']),
      onWarning: (w) => warnings.push(w),
    }).listSites();
    expect(sites.map((s) => [s.name, s.source])).toEqual([['LOCAL-A', '/sites/LOCAL-A.yaml']]);
    expect(warnings).toEqual([
      `hub ${base} is unreachable (HTTP 502 Bad Gateway); using site folder /sites`,
    ]);
  });

  it('fails with SITE_UNREACHABLE naming the hub, the cause and the fix', async () => {
    const url = await deadUrl();
    const error = await hubDirectory({ url, cacheDir, now })
      .listSites()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SITE_UNREACHABLE', details: { hub: url } });
    expect((error as Error).message).toMatch(
      new RegExp(`^cannot list the sites: the hub ${url} is unreachable \\(.*ECONNREFUSED`),
    );
    expect((error as { hint: string }).hint).toContain('FEDCLOUD_HUB');
    expect((error as { hint: string }).hint).toContain('FEDCLOUD_SITE_CONFIG_DIR');
  });

  it('says so when the fallback folder fails too', async () => {
    handler = json({}, 500);
    const broken: SiteDirectory = {
      description: 'site folder /nowhere',
      listSites: () => Promise.reject(new Error('the site folder /nowhere does not exist')),
    };
    const error = await hub({ fallback: broken })
      .listSites()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SITE_UNREACHABLE',
      message: `cannot list the sites: the hub ${base} is unreachable (HTTP 500 Internal Server Error)`,
    });
    expect((error as { hint: string }).hint).toContain(
      'The fallback, site folder /nowhere, failed too: the site folder /nowhere does not exist',
    );
  });

  it('gives up on a hub that does not answer in time', async () => {
    handler = () => undefined; // accepts, never answers
    const started = Date.now();
    const warnings: string[] = [];
    const sites = await hub({
      timeoutMs: 300,
      fallback: folder(['LOCAL-A']),
      onWarning: (w) => warnings.push(w),
    }).listSites();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(sites.map((s) => s.name)).toEqual(['LOCAL-A']);
    expect(warnings).toEqual([
      `hub ${base} is unreachable (no answer within 0.3 s); using site folder /sites`,
    ]);
  });

  it("stops at the caller's abort without falling back", async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = hub({ fallback: folder(['LOCAL-A']) }).listSites({
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('interrupted')), 50);
    await expect(pending).rejects.toThrow('interrupted');
  });

  it('rejects a hub answering 404 even with a cache: the URL is wrong', async () => {
    await hub().listSites();
    clock += 301_000;
    handler = json({ detail: 'Not Found' }, 404);
    const error = await hub({ fallback: folder(['LOCAL-A']) })
      .listSites()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SITE_CONFIG_INVALID',
      message: `the hub ${base} refused the site list: HTTP 404 Not Found for ${base}/sites/?include_projects=true`,
    });
    expect((error as { hint: string }).hint).toContain('FEDCLOUD_HUB');
  });

  it('rejects an answer that is not JSON, naming the hub', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login portal</html>');
    };
    await expect(hub().listSites()).rejects.toMatchObject({
      code: 'SITE_CONFIG_INVALID',
      message: `the hub ${base} did not answer ${base}/sites/?include_projects=true with JSON`,
    });
  });

  it('rejects a list of the wrong shape, naming the site and the field', async () => {
    handler = json([ANSWER[0], { name: 'BROKEN', url: 'ftp://x', projects: [] }]);
    await expect(hub().listSites()).rejects.toMatchObject({
      code: 'SITE_CONFIG_INVALID',
      message: `the hub ${base} returned an unexpected site list (site BROKEN): at 1.url: must be an http(s) URL`,
    });
    handler = json({ sites: [] });
    await expect(hub().listSites()).rejects.toMatchObject({ code: 'SITE_CONFIG_INVALID' });
    handler = json([{ name: 'P', url: 'https://p/v3', projects: [{ id: '', name: 'vo' }] }]);
    await expect(hub().listSites()).rejects.toThrow('at 0.projects.0.id: must not be empty');
    // Nothing bad was cached.
    expect(requests).toHaveLength(3);
  });
});

describe('hub URLs and settings', () => {
  it('normalises the hub URL and refuses what is not http(s)', () => {
    expect(normalizeHubUrl('https://hub.example.org/')).toBe('https://hub.example.org');
    expect(normalizeHubUrl('https://hub.example.org/prefix//?x=1')).toBe(
      'https://hub.example.org/prefix',
    );
    expect(() => normalizeHubUrl('hub.example.org')).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
    expect(() => normalizeHubUrl('ftp://hub.example.org')).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    );
  });

  it('refuses a hub URL with credentials, never repeating them', () => {
    for (const url of [
      'https://alice:s3cret@hub.example.org/',
      'https://token-s3cret@hub.example.org',
    ]) {
      let error: unknown;
      try {
        normalizeHubUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'USAGE' });
      expect((error as Error).message).toMatch(
        /^the hub URL "https:\/\/\*\*\*@hub\.example\.org\/?" holds a user name or password/,
      );
      expect(
        JSON.stringify({ ...(error as object), message: (error as Error).message }),
      ).not.toContain('s3cret');
    }
    expect(() => normalizeHubUrl('not a url //bob:pw@x')).toThrow('"not a url //***@x"');
  });

  it('reads FEDCLOUD_HUB_TTL as whole seconds', () => {
    expect(hubTtlSeconds(undefined)).toBe(300);
    expect(hubTtlSeconds('')).toBe(300);
    expect(hubTtlSeconds('0')).toBe(0);
    expect(hubTtlSeconds('60')).toBe(60);
    expect(() => hubTtlSeconds('-1')).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => hubTtlSeconds('5m')).toThrow('FEDCLOUD_HUB_TTL must be a whole number');
  });

  it('uses the hub when FEDCLOUD_HUB is set, with the folder as fallback', async () => {
    const home = await mkdtemp(join(tmpdir(), 'home-'));
    const env = { HOME: home, FEDCLOUD_HUB: `${base}/`, FEDCLOUD_SITE_CONFIG_DIR: '/elsewhere' };
    const directory = defaultSiteDirectory(env, { onWarning: () => undefined });
    expect(directory.description).toBe(`hub ${base}`);
    expect((await directory.listSites()).map((s) => s.name)).toEqual(['IISAS-FedCloud', 'CESGA']);
    // Cached under ~/.cache/fedcloud/hub by default.
    const hash = createHash('sha256').update(base).digest('hex');
    await expect(
      stat(join(home, '.cache', 'fedcloud', 'hub', `${hash}.json`)),
    ).resolves.toBeTruthy();
    expect(defaultSiteDirectory({ ...env, FEDCLOUD_HUB: ' ' }).description).toBe(
      'site folder /elsewhere',
    );
    await rm(home, { recursive: true, force: true });
  });
});

/** A fetch that sends every request to `target` instead, to fill a dead hub's cache. */
function redirectTo(target: string): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return fetch(`${target}${url.pathname}${url.search}`, init);
  };
}
