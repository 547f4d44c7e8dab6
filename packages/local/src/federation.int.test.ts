import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyInfo, startAll, type Started } from './commands/start.js';

/** The built CLI and the hub's built dashboard, both from `npx tsc -b` / `npm run build`. */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const CLI = join(ROOT, 'packages/cli/dist/main.js');
const DASHBOARD_INDEX = join(ROOT, 'packages/hub/public/dashboard/index.html');

/** What `fedcloud-sandbox start` runs, on free ports; agents only run when asked to. */
const FLAGS = {
  sites: 3,
  issuerPort: 0,
  controlPort: 0,
  sitesPort: 0,
  hubPort: 0,
  buildDelay: 100,
  agentInterval: 3600,
};

let dataDir: string;
let home: string;
let started: Started;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fedcloud-federation-'));
  home = await mkdtemp(join(tmpdir(), 'fedcloud-federation-home-'));
  started = await startAll(dataDir, FLAGS, {});
});

afterAll(async () => {
  await started?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

const hubUrl = () => started.federation?.hubUrl ?? '';

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${hubUrl()}${path}`);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

const sitesWith = (vo: string) =>
  started.sandbox.sites
    .filter((s) => s.vos.some((v) => v.vo === vo))
    .map((s) => s.name)
    .sort();

function fedcloud(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          NO_COLOR: '1',
          FEDCLOUD_HUB: hubUrl(),
          FEDCLOUD_HUB_TTL: '0',
          ...(started.sandbox.files.caFile
            ? { FEDCLOUD_CA_FILE: started.sandbox.files.caFile }
            : {}),
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

describe('fedcloud-sandbox start with the hub', () => {
  it('registers every site with its place and endpoints, and the agents publish', async () => {
    const { federation, sandbox } = started;
    expect(federation?.firstCycles.map((c) => [c.siteName, c.ok, c.error?.message])).toEqual(
      sandbox.sites.map((s) => [s.name, true, undefined]),
    );
    const summaries =
      await getJson<{ name: string; countryCode: string; status: string }[]>('/api/v1/sites');
    expect(summaries.map((s) => [s.name, s.status])).toEqual(
      sandbox.sites.map((s) => [s.name, 'ok']),
    );
    expect(new Set(summaries.map((s) => s.countryCode)).size).toBe(sandbox.sites.length);

    const beta = sandbox.site('SANDBOX-BETA');
    const detail = await getJson<{
      certificationStatus: string;
      latitude: number;
      endpoints: { serviceType: string; url: string; inProduction: boolean }[];
    }>('/api/v1/sites/SANDBOX-BETA');
    expect(detail.certificationStatus).toBe('Certified');
    expect(detail.latitude).toEqual(expect.any(Number));
    expect(detail.endpoints.map((e) => [e.serviceType, e.url, e.inProduction]).sort()).toEqual([
      ['eu.egi.cloud.accounting', beta.baseUrl, true],
      ['org.openstack.nova', beta.identityUrl, true],
    ]);
  });

  it('tells where the hub and its dashboard are, and what to export', () => {
    const info = readyInfo(started.sandbox, started.federation);
    expect(info).toMatchObject({
      hub: hubUrl(),
      dashboard: `${hubUrl()}/dashboard/`,
      env: { FEDCLOUD_HUB: hubUrl() },
    });
    expect(hubUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers cloud-info /sites/?vo_name= with the sites publishing the VO', async () => {
    const sites = await getJson<{ name: string; url: string }[]>('/sites/?vo_name=fedcloud.egi.eu');
    expect(sites.map((s) => s.name).sort()).toEqual(sitesWith('fedcloud.egi.eu'));
    expect(sitesWith('fedcloud.egi.eu')).not.toContain('SANDBOX-BETA');
  });

  it('serves the dashboard when it is built, else says how to build it', async () => {
    const response = await fetch(`${hubUrl()}/dashboard/`);
    if (existsSync(DASHBOARD_INDEX)) {
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<html');
    } else {
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('the dashboard is not built');
    }
  });

  it('a VO added at a site is seen by `fedcloud site list` after one agent cycle', async () => {
    const { sandbox, federation } = started;
    const already = sitesWith('fedcloud.egi.eu');
    expect(already).not.toContain('SANDBOX-BETA');
    await sandbox.addVo('SANDBOX-BETA', 'fedcloud.egi.eu');
    const before = await fedcloud(['site', 'list', '--vo', 'fedcloud.egi.eu']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout.trim().split('\n')).not.toContain('SANDBOX-BETA');

    const cycle = await federation!.agent('SANDBOX-BETA').runNow();
    expect(cycle.error).toBeUndefined();
    expect(cycle.shares.map((s) => s.vo)).toContain('fedcloud.egi.eu');

    const after = await fedcloud(['site', 'list', '--vo', 'fedcloud.egi.eu']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout.trim().split('\n').sort()).toEqual([...already, 'SANDBOX-BETA'].sort());
  });

  it('restarts on the same data folder without registering anything twice', async () => {
    const before = await getJson<{ name: string; endpointCount: number }[]>('/api/v1/sites');
    await started.stop();
    started = await startAll(dataDir, FLAGS, {});
    const steps = started.federation?.registration ?? [];
    // Free ports move the sites, so their URLs are brought in step; nothing is created again.
    expect(steps.filter((s) => !s.kind.startsWith('update-'))).toEqual([]);
    const after = await getJson<{ name: string; endpointCount: number }[]>('/api/v1/sites');
    expect(after.map((s) => [s.name, s.endpointCount])).toEqual(
      before.map((s) => [s.name, s.endpointCount]),
    );
    const beta = await getJson<{ endpoints: { serviceType: string; url: string }[] }>(
      '/api/v1/sites/SANDBOX-BETA',
    );
    expect(beta.endpoints.find((e) => e.serviceType === 'org.openstack.nova')?.url).toBe(
      started.sandbox.site('SANDBOX-BETA').identityUrl,
    );
    // The VO added before the restart is still published.
    const sites = await getJson<{ name: string }[]>('/sites/?vo_name=fedcloud.egi.eu');
    expect(sites.map((s) => s.name)).toContain('SANDBOX-BETA');
  });

  it('stops the hub with the sandbox', async () => {
    const url = hubUrl();
    await started.stop();
    await expect(fetch(`${url}/sites/`)).rejects.toThrow();
  });
});

describe('fedcloud-sandbox start --no-hub', () => {
  it('starts the issuer and the sites only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fedcloud-nohub-'));
    const plain = await startAll(dir, { ...FLAGS, hub: false }, {});
    try {
      expect(plain.federation).toBeUndefined();
      expect(existsSync(join(dir, 'hub.db'))).toBe(false);
      expect(plain.sandbox.sites).toHaveLength(3);
    } finally {
      await plain.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad FEDCLOUD_SANDBOX_HUB_PORT before starting anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fedcloud-badport-'));
    try {
      await expect(startAll(dir, {}, { FEDCLOUD_SANDBOX_HUB_PORT: '99999' })).rejects.toThrow(
        'FEDCLOUD_SANDBOX_HUB_PORT',
      );
      await expect(startAll(dir, {}, { FEDCLOUD_SANDBOX_AGENT_INTERVAL: '0' })).rejects.toThrow(
        'FEDCLOUD_SANDBOX_AGENT_INTERVAL: must be a whole number ≥ 1',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
