import { startFederation, type Federation } from '@fedcloud/local';
import { subFor } from '@fedcloud/sandbox';
import { type CloudRecord, renderCloudMessages } from '@fedcloud/sdk/accounting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliSandbox, type CliSandbox } from './cli-sandbox.js';

/**
 * `fedcloud accounting` against the real hub (the one `npm start` runs), filled through its
 * batch API with a few hand-made APEL cloud records at two sites of its own. Every expected
 * figure below is worked out by hand from the records, never by the code under test.
 */
let sb: CliSandbox;
let federation: Federation;
let tokens: { bob: string; carol: string };

const NORTH = 'ACCT-NORTH';
const SOUTH = 'ACCT-SOUTH';
const ALICE = subFor('alice');
const ANN = 'ann@example.org';
const HOUR = 3600;
const at = (iso: string): number => Date.parse(iso) / 1000;

const record = (over: Partial<CloudRecord> & Pick<CloudRecord, 'vmUuid' | 'siteName'>) =>
  ({
    globalUserName: ALICE,
    fqan: 'vo.access.egi.eu',
    status: 'started',
    endTime: 0,
    cpuCount: 2,
    memory: 4096,
    disk: 20,
    ...over,
  }) satisfies CloudRecord;

// ACCT-NORTH
//   n-1 alice, vo.access.egi.eu, 2 vCPUs: started 31 Jan 20:00; at 23:00 3 h wall, 6 h CPU (January);
//       completed 1 Feb 05:00 with 9 h wall, 18 h CPU in all, so February adds 6 h wall, 12 h CPU.
//   n-2 ann, training.egi.eu, 1 vCPU, 2 GB: 3 Feb, 4 h wall, 4 h CPU.
// ACCT-SOUTH
//   s-1 alice, training.egi.eu, 2 vCPUs: 10 Feb, 2 h wall, 3 h CPU.
//   s-2 ann, training.egi.eu, 4 vCPUs, 8 GB, 40 GB disk: completed 5 Jan, 8 h wall, 8 h CPU.
const N1_START = at('2026-01-31T20:00:00Z');
const NORTH_FIRST = [
  record({
    vmUuid: 'n-1',
    siteName: NORTH,
    startTime: N1_START,
    recordCreateTime: at('2026-01-31T23:00:00Z'),
    wallDuration: 3 * HOUR,
    cpuDuration: 6 * HOUR,
  }),
  record({
    vmUuid: 'n-2',
    siteName: NORTH,
    globalUserName: ANN,
    fqan: 'training.egi.eu',
    startTime: at('2026-02-03T00:00:00Z'),
    recordCreateTime: at('2026-02-03T04:00:00Z'),
    wallDuration: 4 * HOUR,
    cpuDuration: 4 * HOUR,
    cpuCount: 1,
    memory: 2048,
    disk: 10,
  }),
];
const NORTH_SECOND = [
  record({
    vmUuid: 'n-1',
    siteName: NORTH,
    status: 'completed',
    startTime: N1_START,
    endTime: at('2026-02-01T05:00:00Z'),
    recordCreateTime: at('2026-02-01T05:30:00Z'),
    wallDuration: 9 * HOUR,
    cpuDuration: 18 * HOUR,
  }),
];
const SOUTH_RECORDS = [
  record({
    vmUuid: 's-1',
    siteName: SOUTH,
    fqan: 'training.egi.eu',
    startTime: at('2026-02-10T00:00:00Z'),
    recordCreateTime: at('2026-02-10T02:00:00Z'),
    wallDuration: 2 * HOUR,
    cpuDuration: 3 * HOUR,
  }),
  record({
    vmUuid: 's-2',
    siteName: SOUTH,
    globalUserName: ANN,
    fqan: 'training.egi.eu',
    status: 'completed',
    startTime: at('2026-01-05T00:00:00Z'),
    endTime: at('2026-01-05T08:00:00Z'),
    recordCreateTime: at('2026-01-05T08:00:00Z'),
    wallDuration: 8 * HOUR,
    cpuDuration: 8 * HOUR,
    cpuCount: 4,
    memory: 8192,
    disk: 40,
  }),
];

beforeAll(async () => {
  sb = await startCliSandbox();
  federation = await startFederation(sb.sandbox, { hubPort: 0, agentIntervalSeconds: 3600 });
  const admin = await sb.sandbox.issuer.signAccessTokenForTests({
    sub: sb.sandbox.hubAdminClient.clientId,
  });
  const call = async (method: string, path: string, body: string, type: string, ok: number[]) => {
    const response = await fetch(`${federation.hubUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': type },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!ok.includes(response.status)) throw new Error(`${method} ${path}: ${text}`);
  };
  const json = (method: string, path: string, body: unknown, ok = [200, 201]) =>
    call(method, path, JSON.stringify(body), 'application/json', ok);
  for (const name of [NORTH, SOUTH]) await json('POST', '/api/v1/sites', { name });
  // The VO may be known already from the sandbox sites' publications.
  await json('POST', '/api/v1/vos', { name: 'training.egi.eu' }, [201, 409]);
  await json('POST', '/api/v1/roles', {
    subject: subFor('bob'),
    role: 'vo-manager',
    target: 'training.egi.eu',
  });
  await json('POST', '/api/v1/roles', {
    subject: subFor('carol'),
    role: 'site-admin',
    target: NORTH,
  });
  const batch = (site: string, id: string, records: CloudRecord[]) =>
    call(
      'PUT',
      `/api/v1/sites/${site}/accounting/batches/${id}`,
      renderCloudMessages(records, 1000)[0]!,
      'text/plain',
      [201],
    );
  await batch(NORTH, 'north-1', NORTH_FIRST);
  await batch(NORTH, 'north-2', NORTH_SECOND);
  await batch(SOUTH, 'south-1', SOUTH_RECORDS);
  tokens = { bob: await sb.sandbox.tokenFor('bob'), carol: await sb.sandbox.tokenFor('carol') };
});

afterAll(async () => {
  await federation?.stop();
  await sb?.stop();
});

/** As a user of the hub: FEDCLOUD_HUB set, no site folder; alice's token unless told. */
const fedcloud = (args: string[], env: Record<string, string | undefined> = {}) =>
  sb.run(['accounting', ...args], {
    FEDCLOUD_HUB: federation.hubUrl,
    FEDCLOUD_SITE_CONFIG_DIR: undefined,
    ...env,
  });
const anonymous = { OIDC_ACCESS_TOKEN: undefined };
const as = (who: keyof typeof tokens) => ({ OIDC_ACCESS_TOKEN: tokens[who] });

describe('fedcloud accounting against the real hub', () => {
  it('prints the federation per month by default, with a Total', async () => {
    const r = await fedcloud([]);
    expect(r.code, r.stderr).toBe(0);
    // January: n-1 3 h + s-2 8 h; February: n-1 6 h + n-2 4 h + s-1 2 h.
    expect(r.stdout).toBe(
      [
        '+---------+------------+-----------+-----+',
        '| Month   | Wall hours | CPU hours | VMs |',
        '+---------+------------+-----------+-----+',
        '| 2026-01 |      11.00 |     14.00 |   2 |',
        '| 2026-02 |      12.00 |     19.00 |   3 |',
        '+---------+------------+-----------+-----+',
        '| Total   |      23.00 |     33.00 |   5 |',
        '+---------+------------+-----------+-----+',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
  });

  it('gives anyone the totals per site, VO and month as CSV, without a token', async () => {
    const r = await fedcloud(
      ['--group-by', 'site', '--group-by', 'vo,month', '-f', 'csv'],
      anonymous,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'site,vo,month,wallSeconds,wallHours,cpuSeconds,cpuHours,vms,memoryMb,diskGb',
        'ACCT-NORTH,training.egi.eu,2026-02,14400,4,14400,4,1,2048,10',
        'ACCT-NORTH,vo.access.egi.eu,2026-01,10800,3,21600,6,1,4096,20',
        'ACCT-NORTH,vo.access.egi.eu,2026-02,21600,6,43200,12,1,4096,20',
        'ACCT-SOUTH,training.egi.eu,2026-01,28800,8,28800,8,1,8192,40',
        'ACCT-SOUTH,training.egi.eu,2026-02,7200,2,10800,3,1,4096,20',
        '',
      ].join('\n'),
    );
  });

  it('narrows to months and reads the hub from --hub as JSON', async () => {
    const r = await fedcloud(
      [
        '--hub',
        federation.hubUrl,
        '--from',
        '2026-02',
        '--to',
        '2026-02',
        '--group-by',
        'vo',
        '-f',
        'json',
      ],
      { ...anonymous, FEDCLOUD_HUB: undefined },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        vo: 'training.egi.eu',
        wallSeconds: 6 * HOUR,
        wallHours: 6,
        cpuSeconds: 7 * HOUR,
        cpuHours: 7,
        vms: 2,
        memoryMb: 6144,
        diskGb: 30,
      },
      {
        vo: 'vo.access.egi.eu',
        wallSeconds: 6 * HOUR,
        wallHours: 6,
        cpuSeconds: 12 * HOUR,
        cpuHours: 12,
        vms: 1,
        memoryMb: 4096,
        diskGb: 20,
      },
    ]);
  });

  it("--mine gives the user their own usage, under their token's sub", async () => {
    const r = await fedcloud(['--mine', '--group-by', 'site,month', '-f', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'site,month,wallSeconds,wallHours,cpuSeconds,cpuHours,vms,memoryMb,diskGb',
        'ACCT-NORTH,2026-01,10800,3,21600,6,1,4096,20',
        'ACCT-NORTH,2026-02,21600,6,43200,12,1,4096,20',
        'ACCT-SOUTH,2026-02,7200,2,10800,3,1,4096,20',
        '',
      ].join('\n'),
    );
  });

  it("gives a VO manager the VO's users, and a site admin the site's", async () => {
    const vo = await fedcloud(
      ['--vo', 'training.egi.eu', '--group-by', 'user', '-f', 'json'],
      as('bob'),
    );
    expect(vo.code, vo.stderr).toBe(0);
    // The hub orders by name: alice's sub is hex, before "ann".
    expect(JSON.parse(vo.stdout)).toEqual([
      {
        user: ALICE,
        wallSeconds: 2 * HOUR,
        wallHours: 2,
        cpuSeconds: 3 * HOUR,
        cpuHours: 3,
        vms: 1,
        memoryMb: 4096,
        diskGb: 20,
      },
      {
        user: ANN,
        wallSeconds: 12 * HOUR,
        wallHours: 12,
        cpuSeconds: 12 * HOUR,
        cpuHours: 12,
        vms: 2,
        memoryMb: 10_240,
        diskGb: 50,
      },
    ]);

    const site = await fedcloud(['--site', NORTH, '--group-by', 'user'], as('carol'));
    expect(site.code, site.stderr).toBe(0);
    const pad = ' '.repeat(ALICE.length - ANN.length);
    const rule = `+-${'-'.repeat(ALICE.length)}-+------------+-----------+-----+`;
    expect(site.stdout).toBe(
      [
        rule,
        `| User${' '.repeat(ALICE.length - 4)} | Wall hours | CPU hours | VMs |`,
        rule,
        `| ${ALICE} |       9.00 |     18.00 |   2 |`,
        `| ${ANN}${pad} |       4.00 |      4.00 |   1 |`,
        rule,
        `| Total${' '.repeat(ALICE.length - 5)} |      13.00 |     22.00 |   3 |`,
        rule,
        '',
      ].join('\n'),
    );
  });

  it('lists each site with its counts and the date of its last record', async () => {
    const r = await fedcloud(['sites', '-f', 'json'], anonymous);
    expect(r.code, r.stderr).toBe(0);
    const sites = JSON.parse(r.stdout) as {
      site: string;
      records: number;
      vms: number;
      batches: number;
      lastReceivedAt: string | null;
      latestMeasurement: string | null;
    }[];
    const north = sites.find((s) => s.site === NORTH);
    // n-1 in January and in February, n-2: three VM-months of two VMs, in two batches.
    expect(north).toMatchObject({ records: 3, vms: 2, batches: 2 });
    expect(north?.latestMeasurement).toBe('2026-02-03T04:00:00.000Z');
    expect(Date.now() - Date.parse(north?.lastReceivedAt ?? '')).toBeLessThan(10 * 60_000);
    expect(sites.find((s) => s.site === SOUTH)).toMatchObject({ records: 2, vms: 2, batches: 1 });
    // The sandbox's own sites are registered and have sent nothing.
    const alpha = sites.find((s) => s.site === 'SANDBOX-ALPHA');
    expect(alpha).toMatchObject({ records: 0, lastReceivedAt: null });

    const table = await fedcloud(['sites'], anonymous);
    expect(table.stdout).toMatch(/\| SANDBOX-ALPHA +\| yes +\| +0 \| +0 \| never +\| +\|/);
  });

  it("exports a site admin's site as an APEL cloud summary message", async () => {
    const r = await fedcloud(
      ['export', '--site', NORTH, '--from', '2026-01', '--to', '2026-01'],
      as('carol'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'APEL-cloud-summary-message: v0.4',
        'SiteName: ACCT-NORTH',
        'Month: 1',
        'Year: 2026',
        `GlobalUserName: ${ALICE}`,
        'VO: vo.access.egi.eu',
        'VOGroup: None',
        'VORole: None',
        'Status: started',
        `EarliestStartTime: ${N1_START}`,
        `LatestStartTime: ${N1_START}`,
        'WallDuration: 10800',
        'CpuDuration: 21600',
        'CpuCount: 2.0',
        'NetworkInbound: 0',
        'NetworkOutbound: 0',
        'Memory: 4096',
        'Disk: 20',
        'Benchmark: 0.0',
        'NumberOfVMs: 1',
        '%%',
        '',
      ].join('\n'),
    );
  });
});

describe('fedcloud accounting: what it refuses, and its exit codes', () => {
  it('per-user usage without a token: exit 3, saying a token is needed and who may see it', async () => {
    const r = await fedcloud(['--group-by', 'user'], anonymous);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `Error: the hub ${federation.hubUrl} wants a token to read usage: usage grouped by user needs a bearer token`,
    );
    expect(r.stderr).toContain('a VO manager of the VO (--vo)');
  });

  it("another VO's users: the hub's 403, with the roles that may read it, exit 3", async () => {
    const r = await fedcloud(['--vo', 'training.egi.eu', '--group-by', 'user']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `Error: the hub ${federation.hubUrl} refused to read usage: ${ALICE} may not read usage grouped by user: narrow it to site=<a site you administer>, vo=<a VO you manage> or user=${ALICE}`,
    );
    expect(r.stderr).toContain('a site-admin of the site (--site)');
    const other = await fedcloud(['--user', ANN], as('carol'));
    expect(other.code).toBe(3);
  });

  it('the export: no token is exit 3 before any request, a VO manager is refused', async () => {
    const none = await fedcloud(['export', '--site', NORTH], anonymous);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('Error: An access token is needed for this operation');
    const manager = await fedcloud(['export', '--site', NORTH], as('bob'));
    expect(manager.code).toBe(3);
    expect(manager.stderr).toContain(
      "may not export site ACCT-NORTH's summaries: needs site-admin of the site (with site=) or federation-admin",
    );
  });

  it('bad months, groups, formats and flag pairs are usage errors (exit 2)', async () => {
    const cases: [string[], string][] = [
      [
        ['--from', '2026-13'],
        'Error: --from must be a month, YYYY-MM (e.g. 2026-01), not "2026-13"',
      ],
      [['--from', '2026-03', '--to', '2026-01'], 'Error: --from 2026-03 is after --to 2026-01'],
      [
        ['--group-by', 'site,colour'],
        'Error: unknown --group-by "colour": group by site, vo, user, month, status, image or cpu',
      ],
      [['--mine', '--user', ANN], 'Error: --mine and --user name the user twice'],
      [['-f', 'yaml'], "option '-f, --format <format>' argument 'yaml' is invalid"],
      [['export', '--from', '26-01'], 'Error: --from must be a month, YYYY-MM'],
    ];
    for (const [args, message] of cases) {
      const r = await fedcloud(args);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
  });

  it('no hub is exit 2, a hub that is down exit 5', async () => {
    const none = await fedcloud([], { FEDCLOUD_HUB: undefined });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Error: No hub given: accounting is read from the hub');
    expect(none.stderr).toContain('Set FEDCLOUD_HUB (or give --hub)');
    const down = await fedcloud(['sites'], { FEDCLOUD_HUB: 'http://127.0.0.1:9' });
    expect(down.code).toBe(5);
    expect(down.stderr).toContain(
      'Error: cannot list the accounting sites: the hub http://127.0.0.1:9 is unreachable',
    );
  });
});
