import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type RunningHub } from '@fedcloud/hub';
import { parseCloudMessage, type CloudRecord } from '@fedcloud/sdk/accounting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsTokenSource } from '../publish/hub-token.js';
import { parseAccountingConfig, type AccountingConfig } from './config.js';
import { runAccounting, type AccountingRunOptions } from './run-accounting.js';
import { startSiteScenario, type SiteScenario } from './testing/site-scenario.js';

// Epoch seconds worked out by hand: 2026-11-30T22:00:00Z is 1_796_076_000 (see the SDK's
// build-cloud-record.test.ts), so 20:00 is 7200 s before it.
const NOV30_2000 = 1_796_068_800;
const MIN = 60;
const HOUR = 3600;
const ACCESS = 'vo.access.egi.eu';
const TRAINING = 'training.egi.eu';
const MPURI = 'https://appdb.egi.eu/store/vo/image/0a1b2c3d-0000-4000-8000-00000000abcd:42/';

/**
 * The accounting round trip on a sandbox site and the real hub: alice's VMs created, resized,
 * stopped and deleted at chosen times of the site's clock; two runs on either side of a month
 * boundary; every figure the hub ends up with worked out by hand from cASO's rules.
 */
describe('fedcloud-agent accounting: sandbox site → spool → hub', () => {
  let scenario: SiteScenario;
  let hub: RunningHub;
  let dir: string;
  let config: AccountingConfig;
  const vm: Record<string, string> = {};
  let user: { id: string; name: string };

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const tokens = clientCredentialsTokenSource({
      issuerUrl: scenario.sandbox.issuerUrl,
      ...scenario.sandbox.hubAdminClient,
      fetch: scenario.sandbox.fetch,
    });
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokens.getToken()}`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  }

  function run(extra: Partial<AccountingRunOptions>) {
    const site = scenario.sandbox.sites[0]!;
    return runAccounting({
      config,
      authUrl: scenario.identityUrl,
      credentials: scenario.agent,
      hub: {
        url: hub.url,
        issuerUrl: scenario.sandbox.issuerUrl,
        clientId: site.agent.clientId,
        clientSecret: site.agent.clientSecret,
      },
      transport: { fetch: scenario.sandbox.fetch },
      fetch: scenario.sandbox.fetch,
      // The agent's clock is the site's: the IP records are measured at it.
      now: () => site.context.now(),
      ...extra,
    });
  }

  async function usage(): Promise<Record<string, unknown>[]> {
    const response = await fetch(
      `${hub.url}/api/v1/accounting/usage?site=${scenario.siteName}&groupBy=vo,month`,
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { rows: Record<string, unknown>[] }).rows;
  }

  async function ssmMessages(): Promise<string[]> {
    const out: string[] = [];
    const queue = join(dir, 'ssm');
    for (const minute of (await readdir(queue)).sort()) {
      for (const name of (await readdir(join(queue, minute))).sort()) {
        expect(name).toMatch(/^[0-9a-f]{14}$/);
        out.push(await readFile(join(queue, minute, name), 'utf8'));
      }
    }
    return out;
  }

  beforeAll(async () => {
    scenario = await startSiteScenario('2026-11-30T19:00:00Z');
    dir = await mkdtemp(join(tmpdir(), 'fedcloud-accounting-'));
    hub = await startHub({
      database: join(dir, 'hub.db'),
      issuerUrl: scenario.sandbox.issuerUrl,
      port: 0,
      admins: [scenario.sandbox.hubAdminClient.clientId],
      fetch: scenario.sandbox.fetch,
      dashboardDir: false,
    });
    const site = scenario.sandbox.sites[0]!;
    await admin('POST', '/api/v1/sites', {
      name: site.name,
      country: 'Slovakia',
      countryCode: 'SK',
    });
    await admin('POST', '/api/v1/roles', {
      subject: site.agent.clientId,
      role: 'site-agent',
      target: site.name,
    });
    config = parseAccountingConfig(
      [
        `site_name: ${site.name}`,
        'service_name: alpha.sandbox.example.org',
        `spooldir: ${join(dir, 'spool')}`,
        `ssm: {output_path: ${join(dir, 'ssm')}}`,
      ].join('\n'),
      join(dir, 'accounting.yaml'),
    );

    // The site admin marks what cASO reads: a benchmark on m1.small, AppDB's id on an image.
    const operator = await scenario.admin();
    await operator.request('compute', `/flavors/${scenario.flavorId('m1.small')}/os-extra_specs`, {
      method: 'POST',
      body: {
        extra_specs: {
          'accounting:benchmark_type': 'HEPSPEC06',
          'accounting:benchmark_value': '10.5',
        },
      },
    });
    await operator.request('image', `/v2/images/${scenario.imageId(0)}`, {
      method: 'PATCH',
      rawBody: JSON.stringify([{ op: 'add', path: '/vmcatcher_event_ad_mpuri', value: MPURI }]),
      headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
    });

    const access = await scenario.alice(ACCESS);
    const training = await scenario.alice(TRAINING);
    user = await scenario.aliceUser();
    scenario.at('2026-11-30T20:00:00Z');
    vm.a = await scenario.boot(access, 'vm-a', 'm1.small', 0);
    scenario.at('2026-11-30T20:05:00Z');
    await scenario.floatingIp(access, vm.a);
    scenario.at('2026-11-30T20:10:00Z');
    vm.b = await scenario.boot(access, 'vm-b', 'm1.medium', 1);
    scenario.at('2026-11-30T20:20:00Z');
    vm.c = await scenario.boot(access, 'vm-c', 'm1.small', 0);
    scenario.at('2026-11-30T20:30:00Z');
    vm.d = await scenario.boot(access, 'gpu-d', 'g1.large-v100', 1);
    scenario.at('2026-11-30T21:00:00Z');
    vm.e = await scenario.boot(training, 'vm-e', 'm1.nano', 1);
    await scenario.resize(access, vm.b, 'm1.large');
    scenario.at('2026-11-30T21:10:00Z');
    await scenario.remove(training, vm.e);
    scenario.at('2026-11-30T21:30:00Z');
    await scenario.stop(access, vm.c);
    scenario.at('2026-11-30T22:30:00Z');
    await scenario.remove(access, vm.d);
    scenario.at('2026-11-30T23:00:00Z');
  });
  afterAll(async () => {
    await hub?.stop();
    await scenario?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('first run (30 November, 23:00): every VM as cASO reports it, spooled, queued and sent', async () => {
    const summary = await run({ extractTo: new Date('2026-11-30T23:00:00Z') });
    expect(summary.error).toBeUndefined();
    expect(summary.ok).toBe(true);
    expect(summary.warnings).toEqual([]);
    expect(summary.totals).toEqual({
      projects: 3,
      servers: 5,
      records: { cloud: 5, ip: 1, accelerator: 1 },
      spooled: 2,
      ssmQueued: 4,
    });
    expect(summary.send).toMatchObject({ sent: 2, rejected: 0, pending: 0, recordsAccepted: 5 });

    // The SSM queue holds cASO's exact messages: the hub's two, then the IP and GPU ones.
    const messages = await ssmMessages();
    expect(messages).toHaveLength(4);
    const records = new Map<string, CloudRecord>();
    for (const text of messages.filter((m) => m.startsWith('APEL-cloud-message: v0.4\n'))) {
      const parsed = parseCloudMessage(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(parsed.rejected).toEqual([]);
      for (const record of parsed.records) records.set(record.vmUuid, record);
    }
    const common = {
      siteName: scenario.siteName,
      cloudComputeService: 'alpha.sandbox.example.org',
      cloudType: 'fedcloud-agent/0.1.0 (OpenStack)',
      localUserId: user.id,
      globalUserName: user.name,
    };
    expect(records.get(vm.a!)).toEqual({
      ...common,
      vmUuid: vm.a,
      machineName: 'vm-a',
      localGroupId: scenario.projectOf(ACCESS),
      fqan: ACCESS,
      status: 'started',
      startTime: NOV30_2000,
      endTime: 0,
      wallDuration: 3 * HOUR,
      cpuDuration: 3 * HOUR,
      cpuCount: 1,
      memory: 2048,
      disk: 10,
      publicIpCount: 1,
      benchmarkType: 'HEPSPEC06',
      benchmark: 10.5,
      imageId: MPURI,
    });
    // Resized at 21:00 from m1.medium to m1.large: counted from its creation, at its new size.
    expect(records.get(vm.b!)).toMatchObject({
      status: 'started',
      startTime: NOV30_2000 + 10 * MIN,
      wallDuration: 2 * HOUR + 50 * MIN,
      cpuDuration: 4 * (2 * HOUR + 50 * MIN),
      cpuCount: 4,
      memory: 8192,
      disk: 30,
      imageId: scenario.imageId(1),
    });
    // Stopped (SHUTOFF, which cASO maps to completed) but not ended: still running for cASO.
    expect(records.get(vm.c!)).toMatchObject({
      status: 'started',
      startTime: NOV30_2000 + 20 * MIN,
      endTime: 0,
      wallDuration: 2 * HOUR + 40 * MIN,
      cpuDuration: 2 * HOUR + 40 * MIN,
    });
    expect(records.get(vm.d!)).toMatchObject({
      status: 'completed',
      startTime: NOV30_2000 + 30 * MIN,
      endTime: NOV30_2000 + 2 * HOUR + 30 * MIN,
      wallDuration: 2 * HOUR,
      cpuDuration: 8 * 2 * HOUR,
      cpuCount: 8,
      memory: 32768,
      disk: 80,
      publicIpCount: 0,
    });
    expect(records.get(vm.e!)).toMatchObject({
      fqan: TRAINING,
      localGroupId: scenario.projectOf(TRAINING),
      status: 'completed',
      startTime: NOV30_2000 + HOUR,
      endTime: NOV30_2000 + HOUR + 10 * MIN,
      wallDuration: 10 * MIN,
      cpuDuration: 10 * MIN,
      memory: 64,
      disk: 1,
    });
    const gpu = JSON.parse(messages.find((m) => m.includes('APEL-accelerator-message'))!);
    expect(gpu).toEqual({
      Type: 'APEL-accelerator-message',
      Version: '0.1',
      UsageRecords: [
        {
          SiteName: scenario.siteName,
          CloudType: 'fedcloud-agent/0.1.0 (OpenStack)',
          CloudComputeService: 'alpha.sandbox.example.org',
          AssociatedRecord: vm.d,
          GlobalUserName: user.name,
          FQAN: ACCESS,
          Count: 1,
          AvailableDuration: 2 * HOUR,
          MeasurementMonth: 11,
          MeasurementYear: 2026,
          AssociatedRecordType: 'cloud',
          Type: 'GPU',
          Model: 'nvidia Tesla V100',
          ActiveDuration: 2 * HOUR,
        },
      ],
    });
    const ip = JSON.parse(messages.find((m) => m.includes('APEL Public IP message'))!);
    expect(ip.UsageRecords).toEqual([
      expect.objectContaining({
        LocalGroup: scenario.projectOf(ACCESS),
        FQAN: ACCESS,
        IPVersion: 4,
        IPCount: 1,
        MeasurementTime: NOV30_2000 + 3 * HOUR,
      }),
    ]);

    // The hub's November: the sums of the cumulative figures (first month of every VM).
    // Rows come ordered by VO.
    expect(await usage()).toEqual([
      expect.objectContaining({ vo: TRAINING, month: '2026-11', wallSeconds: 10 * MIN, vms: 1 }),
      expect.objectContaining({
        vo: ACCESS,
        month: '2026-11',
        wallSeconds: 3 * HOUR + (2 * HOUR + 50 * MIN) + (2 * HOUR + 40 * MIN) + 2 * HOUR,
        cpuSeconds: 3 * HOUR + 4 * (2 * HOUR + 50 * MIN) + (2 * HOUR + 40 * MIN) + 16 * HOUR,
        vms: 4,
      }),
    ]);
    for (const project of [ACCESS, TRAINING]) {
      expect(
        await readFile(join(dir, 'spool', 'lastrun', scenario.projectOf(project)), 'utf8'),
      ).toBe('2026-11-30T23:00:01.000Z\n');
    }
    expect(await readdir(join(dir, 'spool', 'outgoing'))).toEqual([]);
  });

  it('second run across the month boundary: December gets only what ran since', async () => {
    const access = await scenario.alice(ACCESS);
    scenario.at('2026-12-01T00:30:00Z');
    await scenario.remove(access, vm.a!);
    scenario.at('2026-12-01T01:00:00Z');
    const summary = await run({ extractTo: new Date('2026-12-01T01:00:00Z') });
    expect(summary.ok).toBe(true);
    // vm-c changed nothing since the last run: only the usage report names it.
    expect(summary.totals.records.cloud).toBe(3);
    expect(summary.send).toMatchObject({ sent: 1, recordsAccepted: 3 });

    const rows = await usage();
    const december = rows.find((r) => r['vo'] === ACCESS && r['month'] === '2026-12');
    // Month-to-month differences of the cumulative figures (APEL's SummariseVMs):
    // vm-a 4h30 − 3h, vm-b 4h50 − 2h50, vm-c 4h40 − 2h40.
    expect(december).toMatchObject({
      wallSeconds: 90 * MIN + 2 * HOUR + 2 * HOUR,
      cpuSeconds: 90 * MIN + 4 * 2 * HOUR + 2 * HOUR,
      vms: 3,
    });
    // November keeps what it had.
    expect(rows.find((r) => r['vo'] === ACCESS && r['month'] === '2026-11')).toMatchObject({
      wallSeconds: 3 * HOUR + (2 * HOUR + 50 * MIN) + (2 * HOUR + 40 * MIN) + 2 * HOUR,
      vms: 4,
    });
  });

  it('a rerun of the same window changes nothing at the hub', async () => {
    const before = await usage();
    const summary = await run({
      extractFrom: new Date('2026-11-30T23:00:01Z'),
      extractTo: new Date('2026-12-01T01:00:00Z'),
    });
    expect(summary.ok).toBe(true);
    expect(summary.send?.sent).toBe(1);
    expect(await usage()).toEqual(before);
    // A republication never moves a mark back.
    expect(await readFile(join(dir, 'spool', 'lastrun', scenario.projectOf(ACCESS)), 'utf8')).toBe(
      '2026-12-01T01:00:01.000Z\n',
    );
  });

  it('--dry-run shows the messages and writes nothing', async () => {
    const summary = await run({
      dryRun: true,
      extractFrom: new Date('2026-11-30T00:00:00Z'),
      extractTo: new Date('2026-11-30T23:00:00Z'),
    });
    expect(summary.messages).toHaveLength(4);
    expect(summary.send).toBeUndefined();
    expect(summary.totals.spooled).toBe(0);
    expect(await readFile(join(dir, 'spool', 'lastrun', scenario.projectOf(ACCESS)), 'utf8')).toBe(
      '2026-12-01T01:00:01.000Z\n',
    );
  });
});
