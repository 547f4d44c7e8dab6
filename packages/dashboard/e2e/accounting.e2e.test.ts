import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningHub, startHub } from '@fedcloud/hub';
import { type EphemeralSandbox, startEphemeralSandbox } from '@fedcloud/sandbox/testing';
import { type CloudRecord, renderCloudMessages } from '@fedcloud/sdk/accounting';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPlan, launchChromium, type PageProblems, watchPage } from './browser.js';
import { seedFederation } from './seed.js';

const DASHBOARD_DIR = fileURLToPath(new URL('../../hub/public/dashboard', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));
const HOUR = 3600;
const at = (iso: string): number => Date.parse(iso) / 1000;

const record = (
  over: Partial<CloudRecord> & Pick<CloudRecord, 'vmUuid' | 'siteName' | 'globalUserName'>,
): CloudRecord => ({
  fqan: 'vo.access.egi.eu',
  status: 'started',
  endTime: 0,
  cpuCount: 2,
  memory: 4096,
  disk: 20,
  ...over,
});

/** One VM that ran from `start` for `wallH` hours, measured at its end (one record, one month). */
const once = (
  vmUuid: string,
  siteName: string,
  globalUserName: string,
  fqan: string,
  start: string,
  wallH: number,
  cpuH: number,
): CloudRecord =>
  record({
    vmUuid,
    siteName,
    globalUserName,
    fqan,
    startTime: at(start),
    recordCreateTime: at(start) + wallH * HOUR,
    wallDuration: wallH * HOUR,
    cpuDuration: cpuH * HOUR,
  });

// The federation's January to March, by hand (wall h / CPU h):
//   CESNET-MCC  c-1 alice vo.access  Jan 10 / 20
//               c-2 bob   vo.access  Feb  5 /  5
//               c-3 carol training   Feb  4 /  8
//               c-4 alice vo.access  28 Feb 20:00, 2 / 2 by 22:00; 8 / 8 by 1 Mar 04:00, so Mar 6 / 6
//   IFCA-LCG2   i-1 dave  fedcloud   Jan  6 / 12
//               i-2 alice vo.access  Mar  3 /  3
//               i-3 erin  vo.access  Mar  1 /  0.5
// Jan 16 / 32 (2 VMs), Feb 11 / 15 (3), Mar 10 / 9.5 (3): 37 wall hours, 56.5 CPU hours, 8 VMs.
const CESNET = [
  once('c-1', 'CESNET-MCC', 'alice@egi.eu', 'vo.access.egi.eu', '2026-01-10T00:00:00Z', 10, 20),
  once('c-2', 'CESNET-MCC', 'bob@egi.eu', 'vo.access.egi.eu', '2026-02-01T00:00:00Z', 5, 5),
  once('c-3', 'CESNET-MCC', 'carol@egi.eu', 'training.egi.eu', '2026-02-03T00:00:00Z', 4, 8),
  once('c-4', 'CESNET-MCC', 'alice@egi.eu', 'vo.access.egi.eu', '2026-02-28T20:00:00Z', 2, 2),
];
const CESNET_LATER = [
  record({
    vmUuid: 'c-4',
    siteName: 'CESNET-MCC',
    globalUserName: 'alice@egi.eu',
    startTime: at('2026-02-28T20:00:00Z'),
    recordCreateTime: at('2026-03-01T04:00:00Z'),
    wallDuration: 8 * HOUR,
    cpuDuration: 8 * HOUR,
  }),
];
const IFCA = [
  once('i-1', 'IFCA-LCG2', 'dave@egi.eu', 'fedcloud.egi.eu', '2026-01-20T00:00:00Z', 6, 12),
  once('i-2', 'IFCA-LCG2', 'alice@egi.eu', 'vo.access.egi.eu', '2026-03-05T00:00:00Z', 3, 3),
  once('i-3', 'IFCA-LCG2', 'erin@egi.eu', 'vo.access.egi.eu', '2026-03-06T00:00:00Z', 1, 0.5),
];

const plan = chromiumPlan();

describe.skipIf(!plan.run)('accounting pages in Chromium against a real hub', () => {
  let sandbox: EphemeralSandbox | undefined;
  let hub: RunningHub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;
  let dataDir: string | undefined;
  let tokens: { admin: string; manager: string; alice: string };

  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const open = async (path: string) => {
    await page.goto(`${hub!.url}/dashboard${path}`, { waitUntil: 'networkidle' });
  };
  const expectCleanPage = () => {
    const origin = new URL(hub!.url).origin;
    expect(problems.consoleErrors).toEqual([]);
    // Chromium fetches the tab's icon on its own and drops that fetch when the test navigates
    // on; the page itself never asked for it.
    expect(
      problems.failedRequests.filter((line) => !/^net::ERR_ABORTED \S+\/favicon\.svg$/.test(line)),
    ).toEqual([]);
    expect(problems.errorResponses).toEqual([]);
    // A download is a blob: URL of the page's own origin, made in the page.
    expect(problems.foreignRequests.filter((url) => !url.startsWith(`blob:${origin}/`))).toEqual(
      [],
    );
  };
  const stat = (label: string) =>
    page.locator('.accounting-stats .stat', { has: page.locator('dt', { hasText: label }) });
  const stats = async () => {
    const out: Record<string, string> = {};
    for (const label of ['Wall-clock hours', 'CPU hours', 'VMs', 'Sites', 'VOs', 'Months'])
      out[label] = (await stat(label).locator('dd').textContent()) ?? '';
    return out;
  };
  const section = (id: string) => page.locator(`section[aria-labelledby="${id}-title"]`);
  /** A table's body as text cells, one array per row (header cell first). */
  const cells = (table: Locator) =>
    table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
        ),
      );
  const download = async (where: Locator, kind: 'CSV' | 'JSON'): Promise<string> => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      where.getByRole('button', { name: kind, exact: true }).click(),
    ]);
    return readFile(await file.path(), 'utf8');
  };
  const signIn = async (token: string) => {
    await page.locator('summary', { hasText: 'Sign in with an access token' }).click();
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Use this token' }).click();
  };

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
    dataDir = await mkdtemp(join(tmpdir(), 'fedcloud-accounting-e2e-'));
    sandbox = await startEphemeralSandbox({ sites: 1 });
    hub = await startHub({
      database: join(dataDir, 'hub.sqlite'),
      issuerUrl: sandbox.issuerUrl,
      admins: ['e2e-admin'],
      dashboardDir: DASHBOARD_DIR,
      fetch: sandbox.fetch,
      port: 0,
    });
    const sign = (sub: string) => sandbox!.issuer.signAccessTokenForTests({ sub });
    tokens = {
      admin: await sign('e2e-admin'),
      manager: await sign('manager@egi.eu'),
      alice: await sign('alice@egi.eu'),
    };
    await seedFederation(hub.url, tokens.admin);
    const response = await fetch(`${hub.url}/api/v1/roles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: 'manager@egi.eu',
        role: 'vo-manager',
        target: 'vo.access.egi.eu',
      }),
    });
    if (response.status !== 201) throw new Error(`role grant: ${await response.text()}`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    problems = watchPage(page, new URL(hub.url).origin);
  }

  async function sendBatch(site: string, id: string, records: CloudRecord[]): Promise<void> {
    const response = await fetch(`${hub!.url}/api/v1/sites/${site}/accounting/batches/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/plain' },
      body: renderCloudMessages(records, 1000)[0],
    });
    if (response.status !== 201) throw new Error(`batch ${id}: ${await response.text()}`);
  }

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await sandbox?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('before any record: says how accounting gets here, and every site has sent none', async () => {
    ready();
    await open('/');
    await page.getByRole('link', { name: 'Accounting', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounting' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/accounting');
    await page.getByText('No accounting records yet.').waitFor();
    await page.getByText('fedcloud-agent accounting').waitFor();
    const sites = await cells(section('accounting-sites').locator('table'));
    expect(sites.map((row) => [row[0], row[5]])).toEqual(
      ['CESNET-MCC', 'IFCA-LCG2', 'NEW-SITE', 'NOWHERE', 'SCAI'].map((site) => [site, 'Never']),
    );
    expect(await page.locator('.accounting-chart').count()).toBe(0);
    await shot('accounting-empty');
    expectCleanPage();
  });

  it('with records: the totals, a chart by site and by VO, the months and each site’s last record', async () => {
    ready();
    await sendBatch('CESNET-MCC', 'c-1', CESNET);
    await sendBatch('CESNET-MCC', 'c-2', CESNET_LATER);
    await sendBatch('IFCA-LCG2', 'i-1', IFCA);
    await page.reload({ waitUntil: 'networkidle' });
    await stat('Wall-clock hours').waitFor();
    expect(await stats()).toEqual({
      'Wall-clock hours': '37',
      'CPU hours': '56.5',
      VMs: '8',
      Sites: '2',
      VOs: '3',
      Months: '3',
    });

    const bySite = section('by-site');
    await bySite.locator('svg').waitFor();
    expect(await bySite.locator('.accounting-chart').getAttribute('aria-label')).toMatch(
      /per month by site, 3 months and 2 sites/,
    );
    const legend = await bySite.locator('svg text').allTextContents();
    expect(legend).toEqual(expect.arrayContaining(['CESNET-MCC', 'IFCA-LCG2', '2026-02']));
    // Largest first: CESNET-MCC 27 h (10 + 5 + 4 + 2 + 6), IFCA-LCG2 10 h (6 + 3 + 1).
    expect(await cells(bySite.locator('table'))).toEqual([
      ['CESNET-MCC', '27', '41', '5'],
      ['IFCA-LCG2', '10', '15.5', '3'],
    ]);
    expect(await bySite.locator('tfoot tr').textContent()).toBe('Total3756.58');

    const byVo = section('by-vo');
    await byVo.locator('svg').waitFor();
    expect(await cells(byVo.locator('table'))).toEqual([
      ['vo.access.egi.eu', '27', '36.5', '6'],
      ['fedcloud.egi.eu', '6', '12', '1'],
      ['training.egi.eu', '4', '8', '1'],
    ]);

    const months = section('per-month');
    await months.locator('svg').waitFor();
    expect(await cells(months.locator('table'))).toEqual([
      ['2026-01', '16', '32', '2'],
      ['2026-02', '11', '15', '3'],
      ['2026-03', '10', '9.5', '3'],
    ]);

    const sites = await cells(section('accounting-sites').locator('table'));
    const cesnet = sites.find((row) => row[0] === 'CESNET-MCC')!;
    expect(cesnet.slice(0, 5)).toEqual(['CESNET-MCC', '27', '41', '5', '5']);
    expect(cesnet[5]).toMatch(new RegExp(`${new Date().getUTCFullYear()}, \\d\\d:\\d\\d UTC`));
    expect(sites.find((row) => row[0] === 'IFCA-LCG2')?.slice(0, 5)).toEqual([
      'IFCA-LCG2',
      '10',
      '15.5',
      '3',
      '3',
    ]);
    expect(sites.find((row) => row[0] === 'NEW-SITE')?.[5]).toBe('Never');
    await shot('accounting');
    expectCleanPage();
  });

  it('downloads what a section shows as CSV and JSON', async () => {
    ready();
    expect(await download(section('by-site'), 'CSV')).toBe(
      [
        'site,month,wallSeconds,wallHours,cpuSeconds,cpuHours,vms,memoryMb,diskGb',
        'CESNET-MCC,2026-01,36000,10,72000,20,1,4096,20',
        'CESNET-MCC,2026-02,39600,11,54000,15,3,12288,60',
        'CESNET-MCC,2026-03,21600,6,21600,6,1,4096,20',
        'IFCA-LCG2,2026-01,21600,6,43200,12,1,4096,20',
        'IFCA-LCG2,2026-03,14400,4,12600,3.5,2,8192,40',
        '',
      ].join('\n'),
    );
    const months = JSON.parse(await download(section('per-month'), 'JSON')) as {
      month: string;
      cpuHours: number;
      vms: number;
    }[];
    expect(months.map((m) => [m.month, m.cpuHours, m.vms])).toEqual([
      ['2026-01', 32, 2],
      ['2026-02', 15, 3],
      ['2026-03', 9.5, 3],
    ]);
    const sites = await download(section('accounting-sites'), 'CSV');
    expect(sites.split('\n')[0]).toBe(
      'site,registered,wallHours,cpuHours,vms,records,lastReceivedAt,latestMeasurement',
    );
    expect(sites).toContain('\nIFCA-LCG2,true,10,15.5,3,3,');
    expect(sites).toContain('\nNEW-SITE,true,0,0,0,0,,\n');
    expectCleanPage();
  });

  it('filters by site and by months, kept in the URL; an empty range says so', async () => {
    ready();
    await page.getByLabel('Site', { exact: true }).selectOption('IFCA-LCG2');
    await expect.poll(() => stat('Wall-clock hours').locator('dd').textContent()).toBe('10');
    // IFCA-LCG2 ran in January and March: two months of VMs, February empty on the axis.
    expect(await stats()).toMatchObject({ 'CPU hours': '15.5', VMs: '3', Sites: '1', Months: '2' });
    expect(await cells(section('per-month').locator('table'))).toEqual([
      ['2026-01', '6', '12', '1'],
      ['2026-02', '0', '0', '0'],
      ['2026-03', '4', '3.5', '2'],
    ]);
    expect(new URL(page.url()).search).toBe('?site=IFCA-LCG2');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.getByLabel('From month').fill('2026-02');
    await page.getByLabel('To month').fill('2026-02');
    await expect.poll(() => stat('Wall-clock hours').locator('dd').textContent()).toBe('11');
    expect(await stats()).toMatchObject({ 'CPU hours': '15', VMs: '3', Months: '1' });
    expect(new URL(page.url()).search).toBe('?from=2026-02&to=2026-02');
    await page.getByLabel('Charts show').selectOption('cpuHours');
    await section('by-site')
      .getByRole('heading', { name: /^CPU hours per month by site/ })
      .waitFor();
    await shot('accounting-february');

    await open('/accounting?from=2030-01');
    await page.getByText('No usage matches these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).last().click();
    await expect.poll(() => stat('Wall-clock hours').locator('dd').textContent()).toBe('37');
    expectCleanPage();
  });

  it("a VO manager's token shows the VO's top users; without it they stay hidden", async () => {
    ready();
    await open('/accounting?vo=vo.access.egi.eu');
    await section('top-users')
      .getByText('The users of VO vo.access.egi.eu are shown to a VO manager of vo.access.egi.eu')
      .waitFor();
    await signIn(tokens.manager);
    await page
      .getByText('Signed in with a token as manager@egi.eu · vo-manager of vo.access.egi.eu')
      .waitFor();
    const top = section('top-users');
    await top.locator('table').waitFor();
    // One VO chosen: no chart by VO (it would be one colour), the chart by site stays.
    expect([await section('by-vo').count(), await section('by-site').count()]).toEqual([0, 1]);
    // vo.access.egi.eu: 27 wall hours, alice 21 (10 + 2 + 6 + 3), bob 5, erin 1.
    expect(await cells(top.locator('table'))).toEqual([
      ['alice@egi.eu', '78 %', '21', '31', '4'],
      ['bob@egi.eu', '19 %', '5', '5', '1'],
      ['erin@egi.eu', '4 %', '1', '0.5', '1'],
    ]);
    const users = JSON.parse(await download(top, 'JSON')) as { user: string; wallHours: number }[];
    expect(users.map((u) => [u.user, u.wallHours])).toEqual([
      ['alice@egi.eu', 21],
      ['bob@egi.eu', 5],
      ['erin@egi.eu', 1],
    ]);
    await shot('accounting-vo-manager');

    // Another VO: the manager is told which role it takes, and no request is made in vain.
    await page.getByLabel('VO', { exact: true }).selectOption('training.egi.eu');
    await top.getByText('manager@egi.eu is not a VO manager of training.egi.eu').waitFor();
    // Without a VO the page offers the VOs the token manages.
    await page.getByLabel('VO', { exact: true }).selectOption('');
    await top.getByRole('button', { name: 'VO vo.access.egi.eu' }).click();
    await top.locator('table').waitFor();
    expect(new URL(page.url()).search).toBe('?vo=vo.access.egi.eu');
    await page.getByRole('button', { name: 'Forget the token' }).click();
    await top.getByText('sign in with an access token above').waitFor();
    expect(await top.locator('table').count()).toBe(0);
    expectCleanPage();
  });

  it("a user's token shows their own usage; a bad token is refused in the hub's words", async () => {
    ready();
    await open('/accounting');
    await signIn(tokens.alice);
    const mine = section('my-usage');
    await mine.locator('table').waitFor();
    // alice: c-1 in January, c-4 in February and March, i-2 in March.
    expect(await cells(mine.locator('table'))).toEqual([
      ['2026-01', '10', '20', '1'],
      ['2026-02', '2', '2', '1'],
      ['2026-03', '9', '9', '2'],
    ]);
    expect(await mine.locator('tfoot tr').textContent()).toBe('Total21314');
    await shot('accounting-my-usage');
    await page.getByRole('button', { name: 'Forget the token' }).click();
    expect(await section('my-usage').count()).toBe(0);
    expectCleanPage();

    await signIn('not-a-token');
    await page.getByText('The hub refused this token:').waitFor();
    expect(problems.errorResponses).toEqual([expect.stringMatching(/^401 .*\/api\/v1\/whoami$/)]);
    await page.getByRole('button', { name: 'Forget the token' }).click();
    problems.clear();
  });

  it('reads on a phone: the figures stack and the tables scroll', async () => {
    ready();
    await page.setViewportSize({ width: 390, height: 844 });
    await open('/accounting');
    await section('by-vo').locator('svg').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('accounting-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    expectCleanPage();
  });
});
