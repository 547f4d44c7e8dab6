import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningHub, startHub } from '@fedcloud/hub';
import { type EphemeralSandbox, startEphemeralSandbox } from '@fedcloud/sandbox/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPlan, launchChromium, type PageProblems, watchPage } from './browser.js';
import { type SeededFederation, seedFederation } from './seed.js';

const DASHBOARD_DIR = fileURLToPath(new URL('../../hub/public/dashboard', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));
// The same colours as src/lib/format.ts: the map draws each site as a symbol of its status colour.
const STATUS_FILL = {
  ok: '#1f8a3b',
  stale: '#c77700',
  'no-info': '#6b7280',
  downtime: '#c62828',
} as const;

const plan = chromiumPlan();

describe.skipIf(!plan.run)('dashboard in Chromium against a real hub', () => {
  let sandbox: EphemeralSandbox | undefined;
  let hub: RunningHub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;
  let seeded: SeededFederation;
  let dataDir: string | undefined;

  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const siteRows = () =>
    page.locator('table.sites-table tbody th[scope="row"] a').allTextContents();
  const open = async (path: string) => {
    await page.goto(`${hub!.url}/dashboard${path}`, { waitUntil: 'networkidle' });
  };
  const expectCleanPage = () => {
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    expect(problems.errorResponses).toEqual([]);
    expect(problems.foreignRequests).toEqual([]);
  };

  // A failing beforeAll would leave every test "skipped", which a summary line can read as a
  // pass; so setup errors are kept and thrown by each test instead (see `ready`).
  let setupError: Error | undefined;
  const ready = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    setupError = await setUp().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
  });

  async function setUp(): Promise<void> {
    if (plan.missingMessage)
      throw new Error(`FEDCLOUD_REQUIRE_CHROMIUM=1 but ${plan.missingMessage}`);
    if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) {
      throw new Error(
        `${DASHBOARD_DIR}/index.html is missing: build the dashboard first with \`npm run build -w @fedcloud/dashboard\``,
      );
    }
    await mkdir(ARTIFACTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'fedcloud-dashboard-e2e-'));
    sandbox = await startEphemeralSandbox({ sites: 1 });
    hub = await startHub({
      database: join(dataDir, 'hub.sqlite'),
      issuerUrl: sandbox.issuerUrl,
      admins: ['e2e-admin'],
      dashboardDir: DASHBOARD_DIR,
      fetch: sandbox.fetch,
      port: 0,
    });
    const token = await sandbox.issuer.signAccessTokenForTests({ sub: 'e2e-admin' });
    seeded = await seedFederation(hub.url, token);
    const untilStale = seeded.staleFrom.getTime() - Date.now();
    if (untilStale > 0) await new Promise((done) => setTimeout(done, untilStale + 100));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    problems = watchPage(page, new URL(hub.url).origin);
  }

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await sandbox?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('overview: headline numbers, one map point per placed site, and every site in the table', async () => {
    ready();
    await open('/');
    await page.getByRole('heading', { level: 1, name: 'Federation overview' }).waitFor();
    const sitesStat = page.locator('.stat', { hasText: 'Sites' }).locator('dd');
    await expect.poll(() => sitesStat.textContent()).toBe(String(seeded.sites.length));

    await page.locator('.map svg').waitFor();
    await expect.poll(() => siteRows()).toEqual(seeded.sites);
    const points = async (status: keyof typeof STATUS_FILL) =>
      page.locator(`.map svg path[fill="${STATUS_FILL[status]}"]`).count();
    await expect
      .poll(
        async () =>
          (await points('ok')) +
          (await points('stale')) +
          (await points('no-info')) +
          (await points('downtime')),
      )
      .toBe(seeded.placedSites.length);
    // CESNET-MCC publishes (ok), IFCA-LCG2 is in an outage, SCAI expired, NEW-SITE never published.
    expect([
      await points('ok'),
      await points('downtime'),
      await points('stale'),
      await points('no-info'),
    ]).toEqual([1, 1, 1, 1]);
    await expect(page.getByLabel(/World map of 4 sites/).count()).resolves.toBe(1);
    await expect(page.getByText('1 site has no coordinates').count()).resolves.toBe(1);

    const status = (site: string) => page.locator(`tr[data-site="${site}"] .badge`).textContent();
    expect(await status('CESNET-MCC')).toBe('OK');
    expect(await status('IFCA-LCG2')).toBe('Downtime');
    expect(await status('SCAI')).toBe('Stale');
    expect(await status('NEW-SITE')).toBe('No info');
    await shot('overview');
    expectCleanPage();
  });

  it('overview: the table sorts by a column both ways and filters by text and status', async () => {
    ready();
    const header = page.getByRole('columnheader', { name: 'VOs' });
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    // VO counts: NEW-SITE 0, NOWHERE 0, SCAI 1, IFCA-LCG2 2, CESNET-MCC 2 (ties by name).
    expect(await siteRows()).toEqual(['NEW-SITE', 'NOWHERE', 'SCAI', 'CESNET-MCC', 'IFCA-LCG2']);
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    expect(await siteRows()).toEqual(['CESNET-MCC', 'IFCA-LCG2', 'SCAI', 'NEW-SITE', 'NOWHERE']);
    expect(page.url()).toContain('sort=voCount');

    await page.getByLabel('Filter sites').fill('spain');
    await expect.poll(() => siteRows()).toEqual(['IFCA-LCG2']);
    await page.getByLabel('Filter sites').fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('stale');
    await expect.poll(() => siteRows()).toEqual(['SCAI']);
    await page.getByLabel('Filter sites').fill('nothing like this');
    await page.getByText('No site matches this filter.').waitFor();
    await shot('overview-filtered');

    // The view lives in the URL: a reload keeps it.
    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => page.getByLabel('Filter sites').inputValue()).toBe('nothing like this');
    await page.getByLabel('Filter sites').fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('all');
    await expect.poll(() => siteRows()).toHaveLength(seeded.sites.length);
    expectCleanPage();
  });

  it('site page: a row click opens it with VOs, endpoints, images, flavors and the ongoing downtime', async () => {
    ready();
    // Click the row away from the name link: the whole row opens the site.
    await page.locator('tr[data-site="CESNET-MCC"] td').first().click();
    await page.getByRole('heading', { level: 1, name: 'CESNET-MCC' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/sites/CESNET-MCC');

    const vos = page.getByRole('region', { name: 'VOs', exact: true });
    for (const vo of seeded.published.vos) await vos.getByRole('link', { name: vo }).waitFor();
    expect(await vos.getByText('a1b2c3d4').count()).toBe(1);

    const images = page.locator('section[aria-labelledby="images-title"]');
    for (const image of seeded.published.images)
      await images.getByText(image, { exact: true }).first().waitFor();
    // Ubuntu is offered to both VOs, so it is listed under each of them.
    expect(await images.getByText('Ubuntu 24.04', { exact: true }).count()).toBe(2);
    // Marketplace URLs are shown, not linked: no image row leads off to a page that may not exist.
    expect(await images.locator('a[href^="http"]').count()).toBe(0);

    const flavors = page.getByRole('region', { name: 'Flavors', exact: true });
    for (const flavor of seeded.published.flavors)
      await flavors.getByText(flavor, { exact: true }).first().waitFor();
    await flavors.getByText('1 × NVIDIA A100').first().waitFor();
    await page.locator('section[aria-labelledby="flavors-title"] .chart svg').waitFor();

    const downtimes = page.getByRole('region', { name: 'Downtimes', exact: true });
    const ongoing = downtimes.locator('tr.row-ongoing');
    await expect.poll(() => ongoing.count()).toBe(1);
    expect(await ongoing.textContent()).toContain('Kernel upgrades');
    expect(await ongoing.textContent()).toContain('Ongoing');
    await page.getByText('Last publication').waitFor();
    await shot('site-cesnet-mcc');
    expectCleanPage();
  });

  it('site page: a site in an outage and a site with stale information say so', async () => {
    ready();
    await open('/sites/IFCA-LCG2');
    await page.getByRole('heading', { level: 1, name: 'IFCA-LCG2' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Outage under way' }).waitFor();
    await page
      .getByRole('region', { name: 'Downtimes', exact: true })
      .getByText(seeded.downtime.description)
      .waitFor();
    await shot('site-ifca-lcg2');

    await open('/sites/SCAI');
    await page.getByRole('alert').filter({ hasText: 'Stale information' }).waitFor();
    await shot('site-scai-stale');

    await open('/sites/NEW-SITE');
    await page.getByText('No information published yet.').waitFor();
    expectCleanPage();
  });

  it('VO page: reached from a site, lists where the VO runs with its projects and images', async () => {
    ready();
    await open('/sites/CESNET-MCC');
    await page
      .getByRole('region', { name: 'VOs', exact: true })
      .getByRole('link', { name: seeded.vo.name })
      .click();
    await page.getByRole('heading', { level: 1, name: seeded.vo.name }).waitFor();
    const where = page.getByRole('region', { name: 'Sites supporting this VO', exact: true });
    await expect.poll(() => where.locator('tbody th a').allTextContents()).toEqual(seeded.vo.sites);
    expect(await where.getByText('ifca-0001').count()).toBe(1);
    const images = page.getByRole('region', { name: 'Images available to this VO', exact: true });
    await images.getByText('AlmaLinux 9', { exact: true }).waitFor();
    await shot('vo-access');

    // A bookmark or a reload of the VO page (whose name has dots) is served the app too.
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: seeded.vo.name }).waitFor();
    expectCleanPage();
  });

  it('VO list: every VO with its site count, linking to its page', async () => {
    ready();
    await open('/vos');
    await page.getByRole('heading', { level: 1, name: 'Virtual organisations' }).waitFor();
    const names = page.locator('tbody th a');
    await expect
      .poll(() => names.allTextContents())
      .toEqual(['fedcloud.egi.eu', 'training.egi.eu', 'vo.access.egi.eu']);
    await page.getByRole('link', { name: 'training.egi.eu' }).click();
    await page.getByRole('heading', { level: 1, name: 'training.egi.eu' }).waitFor();
    await shot('vo-list-then-training');
    expectCleanPage();
  });

  it('map: clicking a site point opens its site page', async () => {
    ready();
    await open('/');
    const point = page.locator(`.map svg path[fill="${STATUS_FILL.stale}"]`);
    await point.waitFor();
    await point.click();
    await page.getByRole('heading', { level: 1, name: 'SCAI' }).waitFor();
    expectCleanPage();
  });

  it('an unknown site shows a not-found page (and the only failure is its 404)', async () => {
    ready();
    problems.clear();
    await open('/sites/NO-SUCH-SITE');
    await page.getByRole('heading', { level: 1, name: 'Site not found' }).waitFor();
    await page.getByText('The hub knows no site called “NO-SUCH-SITE”.').waitFor();
    await shot('site-not-found');
    expect(problems.errorResponses).toEqual([`404 ${hub!.url}/api/v1/sites/NO-SUCH-SITE`]);
    // Chromium logs every 4xx fetch as a console error; that one is expected, nothing else.
    expect(problems.consoleErrors.filter((text) => !text.includes('404'))).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    problems.clear();

    await open('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expectCleanPage();
  });

  it('phone-sized screens get the same pages without sideways scrolling', async () => {
    ready();
    await page.setViewportSize({ width: 390, height: 844 });
    await open('/');
    await page.locator('.map svg').waitFor();
    await expect.poll(() => siteRows()).toHaveLength(seeded.sites.length);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('overview-phone');
    expectCleanPage();
  });
});
