import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, openHarness } from '../../../test/harness.js';
import { testDatabases } from '../../testing/index.js';

// The dashboard reads no database: SQLite alone is enough.
const [sqlite] = testDatabases({});

describe('dashboard files', () => {
  let dir: string;
  let root: string;
  let h: Harness;
  /** The whole hub app (its error handling included) serving the given folder. */
  const appFor = (dashboardDir: string | undefined) => {
    if (dashboardDir) h.ctx.config.dashboardDir = dashboardDir;
    else delete h.ctx.config.dashboardDir;
    return h.app;
  };
  beforeAll(async () => {
    h = await openHarness(sqlite!);
    dir = await mkdtemp(join(tmpdir(), 'hub-dashboard-'));
    root = join(dir, 'dashboard');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>hub</title>');
    await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'app-1a2b.css'), 'body{}');
    await writeFile(join(root, 'favicon.svg'), '<svg/>');
    await writeFile(join(dir, 'secret.txt'), 'not for the web');
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files with their content type and caches hashed assets', async () => {
    const app = appFor(root);
    const js = await app.request('/dashboard/assets/app-1a2b.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    expect(await js.text()).toBe('console.log(1)');
    const css = await app.request('/dashboard/assets/app-1a2b.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await app.request('/dashboard/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers index.html for client-side routes, 404 for missing files', async () => {
    const app = appFor(root);
    for (const path of [
      '/dashboard/',
      '/dashboard/sites/SITE-A',
      '/dashboard/vos/vo.access.egi.eu',
    ]) {
      const res = await app.request(path);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([
        path,
        200,
        'text/html; charset=utf-8',
      ]);
      expect(await res.text()).toContain('<title>hub</title>');
    }
    const missing = await app.request('/dashboard/assets/gone.js');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe('no such file: /dashboard/assets/gone.js');
  });

  it('never serves files outside the dashboard folder', async () => {
    const app = appFor(root);
    for (const path of ['/dashboard/..%2Fsecret.txt', '/dashboard/%2e%2e/secret.txt']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('not for the web');
    }
  });

  it('redirects / to /dashboard/', async () => {
    const res = await appFor(root).request('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard/');
  });

  it('says how to build the dashboard when there is none', async () => {
    for (const folder of [undefined, join(dir, 'not-built')]) {
      const res = await appFor(folder).request('/dashboard/');
      expect(res.status).toBe(404);
      expect((await res.json()).error.message).toMatch(/run `npm run build`/);
    }
  });
});
