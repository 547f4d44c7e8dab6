import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCloudMessage } from '@fedcloud/sdk/accounting';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandInHub, type StandInHub } from './testing/hub-stand-in.js';
import { startSiteScenario, type SiteScenario } from './testing/site-scenario.js';

const BIN = fileURLToPath(new URL('../../bin/fedcloud-agent.js', import.meta.url));
const HOUR = 3600;
const ACCESS = 'vo.access.egi.eu';
const TRAINING = 'training.egi.eu';

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * kill -9 of the agent at each point of a run (FEDCLOUD_AGENT_CRASH_AT makes the child SIGKILL
 * itself there), then a normal rerun: the hub stand-in must end with every VM-month exactly once
 * and with the figures of a run that never crashed.
 */
describe('fedcloud-agent accounting survives kill -9 at any point', () => {
  let scenario: SiteScenario;
  let hub: StandInHub;
  let dir: string;
  let configFile: string;
  const vm: Record<string, string> = {};

  function agent(crashAt?: string, flags: string[] = ['--json']): Promise<ChildResult> {
    const site = scenario.sandbox.sites[0]!;
    const args = [
      BIN,
      'accounting',
      '--config',
      configFile,
      '--extract-to',
      '2026-11-30T23:00:00Z',
      '--ca-file',
      scenario.sandbox.files.caFile!,
      ...flags,
    ];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      OS_PASSWORD: site.agent.password,
      FEDCLOUD_AGENT_CLIENT_SECRET: site.agent.clientSecret,
      ...(crashAt ? { FEDCLOUD_AGENT_CRASH_AT: crashAt } : {}),
    };
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  }

  /** What the hub must hold after any crash and rerun: one record per VM-month, these figures. */
  function expectTheTruth(): void {
    const held = [...hub.records.entries()]
      .map(([key, r]) => [key, r.status, r.wallDuration, r.cpuDuration])
      .sort();
    expect(held).toEqual(
      [
        [`${vm.a} 2026-11`, 'started', 3 * HOUR, 3 * HOUR],
        [`${vm.d} 2026-11`, 'completed', 2 * HOUR, 2 * 2 * HOUR],
        [`${vm.e} 2026-11`, 'started', 2 * HOUR, 2 * HOUR],
      ].sort(),
    );
  }

  async function outgoing(): Promise<string[]> {
    return (await readdir(join(dir, 'spool', 'outgoing'))).sort();
  }

  beforeAll(async () => {
    scenario = await startSiteScenario('2026-11-30T19:00:00Z');
    const access = await scenario.alice(ACCESS);
    const training = await scenario.alice(TRAINING);
    scenario.at('2026-11-30T20:00:00Z');
    vm.a = await scenario.boot(access, 'vm-a', 'm1.small');
    scenario.at('2026-11-30T20:30:00Z');
    vm.d = await scenario.boot(access, 'vm-d', 'm1.medium');
    scenario.at('2026-11-30T21:00:00Z');
    vm.e = await scenario.boot(training, 'vm-e', 'm1.small');
    scenario.at('2026-11-30T22:30:00Z');
    await scenario.remove(access, vm.d);
    scenario.at('2026-11-30T23:00:00Z');
  });
  afterAll(async () => {
    await scenario?.cleanup();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcloud-crash-'));
    hub = await startStandInHub();
    const site = scenario.sandbox.sites[0]!;
    configFile = join(dir, 'accounting.yaml');
    await writeFile(
      configFile,
      [
        `site_name: ${site.name}`,
        `auth_url: ${site.identityUrl}`,
        `spooldir: ${join(dir, 'spool')}`,
        `credentials: {username: ${site.agent.username}}`,
        // The list, not the tag: the two projects with VMs, so each crash point meets a message.
        'caso_tag: null',
        `projects: [${scenario.projectOf(ACCESS)}, ${scenario.projectOf(TRAINING)}]`,
        `hub: {url: ${hub.url}, issuer: ${scenario.sandbox.issuerUrl}, client_id: ${site.agent.clientId}}`,
        `ssm: {output_path: ${join(dir, 'ssm')}}`,
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a run that never crashes: the truth, and a second run adds nothing', async () => {
    const run = await agent();
    expect(run.stderr).not.toContain(scenario.sandbox.sites[0]!.agent.password);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      totals: { projects: 2, servers: 3, records: { cloud: 3 }, spooled: 2 },
      send: { sent: 2, rejected: 0, pending: 0 },
    });
    expectTheTruth();
    expect(hub.batches.size).toBe(2);
    const again = await agent();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('nothing to extract');
    expect(hub.batches.size).toBe(2);
  });

  it('--dry-run prints the messages on stdout and writes, marks and sends nothing', async () => {
    const run = await agent(undefined, ['--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    const messages = run.stdout.split(/(?=APEL-cloud-message: v0.4\n)/);
    expect(messages).toHaveLength(2);
    const vms = messages.flatMap((m) => {
      const parsed = parseCloudMessage(m);
      return parsed.ok ? parsed.records.map((r) => r.vmUuid) : [];
    });
    expect(vms.sort()).toEqual([vm.a, vm.d, vm.e].sort());
    expect(run.stderr).toContain('dry run: nothing written or sent');
    expect(hub.requests).toEqual([]);
    await expect(readdir(join(dir, 'spool'))).rejects.toThrow();
  });

  it('killed after extraction, before any write: the rerun extracts the window again', async () => {
    const crashed = await agent('after-extract');
    expect(crashed.signal).toBe('SIGKILL');
    expect(await outgoing()).toEqual([]);
    expect(await readdir(join(dir, 'spool', 'lastrun'))).toEqual([]);
    expect(hub.batches.size).toBe(0);
    const rerun = await agent();
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/removed the stale lock of pid \d+/);
    expectTheTruth();
  });

  it('killed in the middle of a spool write: no half message is ever sent', async () => {
    const crashed = await agent('spool-write:2');
    expect(crashed.signal).toBe('SIGKILL');
    // The first project's message is complete, the second was never renamed into place.
    const files = await outgoing();
    expect(files).toHaveLength(1);
    const text = await readFile(join(dir, 'spool', 'outgoing', files[0]!), 'utf8');
    expect(parseCloudMessage(text)).toMatchObject({ ok: true, rejected: [] });
    expect(await readdir(join(dir, 'spool', 'tmp'))).toHaveLength(1);
    const rerun = await agent();
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await readdir(join(dir, 'spool', 'tmp'))).toEqual([]);
    expectTheTruth();
    expect(hub.batches.size).toBe(2);
  });

  it('killed after spooling, before the mark moved: the window is extracted again, replaced not added', async () => {
    const crashed = await agent('after-spool');
    expect(crashed.signal).toBe('SIGKILL');
    expect(await outgoing()).toHaveLength(1);
    expect(await readdir(join(dir, 'spool', 'lastrun'))).toEqual([]);
    const rerun = await agent();
    expect(rerun.code, rerun.stderr).toBe(0);
    // Three batches reached the hub (the first project's twice, in two batches)…
    expect(hub.batches.size).toBe(3);
    // …and it holds each VM-month once.
    expectTheTruth();
  });

  it('killed after the hub stored a batch but before its file was removed: resent, known as a duplicate', async () => {
    const crashed = await agent('send');
    expect(crashed.signal).toBe('SIGKILL');
    expect(hub.batches.size).toBe(1);
    const [first] = [...hub.batches.keys()];
    expect(await outgoing()).toEqual(expect.arrayContaining([`${first}.msg`]));
    const rerun = await agent();
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).send).toMatchObject({ sent: 2, duplicates: 1 });
    expect(hub.requests.filter((r) => r.batch === first)).toHaveLength(2);
    expect(hub.batches.size).toBe(2);
    expectTheTruth();
  });

  it("killed in the middle of an SSM queue write: ssmsend's queue gets only whole messages", async () => {
    const crashed = await agent('ssm-write');
    expect(crashed.signal).toBe('SIGKILL');
    const rerun = await agent();
    expect(rerun.code, rerun.stderr).toBe(0);
    expectTheTruth();
    const queue = join(dir, 'ssm');
    const vms = new Set<string>();
    for (const minute of await readdir(queue)) {
      for (const name of await readdir(join(queue, minute))) {
        if (name.endsWith('.tmp')) continue; // dirq's readers skip (and purge) these
        expect(name).toMatch(/^[0-9a-f]{14}$/);
        const parsed = parseCloudMessage(await readFile(join(queue, minute, name), 'utf8'));
        if (!parsed.ok) throw new Error(parsed.reason);
        for (const record of parsed.records) vms.add(record.vmUuid);
      }
    }
    expect([...vms].sort()).toEqual([vm.a, vm.d, vm.e].sort());
  });

  it('the hub down for a while: messages wait in the spool, the next run sends them', async () => {
    hub.setDown(true);
    const down = await agent();
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout).send).toMatchObject({ sent: 0, pending: 2 });
    expect(await outgoing()).toHaveLength(2);
    hub.setDown(false);
    const back = await agent();
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).send).toMatchObject({ sent: 2, pending: 0 });
    expectTheTruth();
  }, 180_000);
});
