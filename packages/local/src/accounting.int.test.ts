import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAll, type Started } from './commands/start.js';

/**
 * `fedcloud-sandbox start` with accounting: the sites get two months of past use, each site's
 * agent extracts and sends it, and the hub's figures equal what the sites' own Nova says.
 */
const FLAGS = {
  sites: 2,
  issuerPort: 0,
  controlPort: 0,
  vaultPort: 0,
  mytokenPort: 0,
  sitesPort: 0,
  hubPort: 0,
  buildDelay: 100,
  agentInterval: 3600,
  accountingInterval: 3600,
  historyMonths: 2,
};

interface NovaServer {
  id: string;
  status: string;
  'OS-SRV-USG:launched_at': string | null;
  'OS-SRV-USG:terminated_at': string | null;
}

interface UsageRow {
  site: string;
  month: string;
  vms: number;
  wallSeconds: number;
}

let dataDir: string;
let started: Started;
const log: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fedcloud-local-accounting-'));
  started = await startAll(dataDir, FLAGS, {}, (line) => log.push(line));
});

afterAll(async () => {
  await started?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Every server the site ever had, deleted ones included, as its admin sees them in Nova. */
async function novaServers(siteName: string): Promise<NovaServer[]> {
  const site = started.sandbox.site(siteName);
  const { fetch } = started.sandbox;
  // Plain Keystone and Nova calls: the truth is read past the code under test.
  const login = await fetch(`${site.identityUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: 'admin',
              domain: { id: 'default' },
              password: site.context.spec.adminPassword,
            },
          },
        },
        scope: { project: { id: site.context.spec.adminProjectId } },
      },
    }),
  });
  expect(login.status).toBe(201);
  const token = login.headers.get('x-subject-token')!;
  const catalog = (
    (await login.json()) as {
      token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] };
    }
  ).token.catalog;
  const nova = catalog
    .find((service) => service.type === 'compute')!
    .endpoints.find((endpoint) => endpoint.interface === 'public')!.url;
  const response = await fetch(
    `${nova}/servers/detail?all_tenants=1&changes-since=1970-01-01T00:00:00Z&limit=1000`,
    { headers: { 'x-auth-token': token } },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { servers: NovaServer[] }).servers;
}

/** Nova writes these times without a zone; they are UTC. */
const utc = (time: string): number => Date.parse(time.endsWith('Z') ? time : `${time}Z`);

async function usage(siteName: string): Promise<UsageRow[]> {
  const url = `${started.federation!.hubUrl}/api/v1/accounting/usage?site=${siteName}&groupBy=month`;
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: UsageRow[] }).rows;
}

describe('fedcloud-sandbox start: accounting of the sandbox sites', () => {
  it('seeds the months of past use once, and says so', async () => {
    expect(log.find((line) => line.startsWith('seeded 2 months of past use'))).toBeDefined();
    const marker = JSON.parse(await readFile(join(dataDir, 'history.json'), 'utf8')) as {
      months: number;
    };
    expect(marker.months).toBe(2);
  });

  it("each site's agent sends every VM, and the hub's months equal Nova's own times", async () => {
    const now = new Date();
    const thisMonth = now.toISOString().slice(0, 7);
    for (const { name } of started.sandbox.sites) {
      const summary = await started.federation!.agent(name).runAccountingNow();
      expect(summary?.ok, JSON.stringify(summary?.error ?? summary?.warnings)).toBe(true);
      expect(summary?.send?.pending).toBe(0);

      // The truth, from Nova: a deleted VM counts in the month it ended, with its whole life
      // (terminated − launched); a running one in the current month.
      const expected = new Map<string, { vms: number; wallSeconds: number }>();
      const servers = await novaServers(name);
      expect(servers.length).toBeGreaterThan(0);
      for (const server of servers) {
        const ended = server['OS-SRV-USG:terminated_at'];
        const month = ended ? ended.slice(0, 7) : thisMonth;
        const row = expected.get(month) ?? { vms: 0, wallSeconds: 0 };
        row.vms += 1;
        if (ended) {
          row.wallSeconds += Math.round(
            (utc(ended) - utc(server['OS-SRV-USG:launched_at']!)) / 1000,
          );
        }
        expected.set(month, row);
      }
      const rows = await usage(name);
      expect(rows.map((r) => [r.month, r.vms]).sort()).toEqual(
        [...expected].map(([month, row]) => [month, row.vms]).sort(),
      );
      for (const row of rows.filter((r) => r.month !== thisMonth)) {
        expect(row.wallSeconds, `${name} ${row.month}`).toBe(expected.get(row.month)!.wallSeconds);
      }
      // Two months back, at least one VM per VO lived and ended.
      expect(rows.map((r) => r.month)).toContain(
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 15))
          .toISOString()
          .slice(0, 7),
      );
    }
  });

  it('a second run sends nothing new and the totals stay the same', async () => {
    const name = started.sandbox.sites[0]!.name;
    const before = await usage(name);
    const summary = await started.federation!.agent(name).runAccountingNow();
    expect(summary?.ok).toBe(true);
    const after = await usage(name);
    // Running VMs are reported again with their new cumulative figures (replacing, not adding).
    expect(after.map((r) => [r.month, r.vms])).toEqual(before.map((r) => [r.month, r.vms]));
  });

  it('a restart on the same data folder does not seed the history again', async () => {
    const name = started.sandbox.sites[0]!.name;
    const count = (await novaServers(name)).length;
    await started.stop();
    log.length = 0;
    started = await startAll(dataDir, FLAGS, {}, (line) => log.push(line));
    expect(log.some((line) => line.startsWith('seeded'))).toBe(false);
    expect(await novaServers(name)).toHaveLength(count);
  });
});
