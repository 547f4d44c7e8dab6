import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hepixImage, hepixList, startImageWorld, type ImageWorld } from './testing/image-world.js';

const BIN = fileURLToPath(new URL('../../bin/fedcloud-agent.js', import.meta.url));
const run = promisify(execFile);

/** `fedcloud-agent images` as cron runs it: the built binary, a config file, OS_PASSWORD. */
describe('fedcloud-agent images (the command)', () => {
  let world: ImageWorld;
  let dir: string;
  let configFile: string;
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7 + 3) % 256));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcloud-images-cli-'));
    world = await startImageWorld(dir);
    configFile = join(dir, 'images.yaml');
    await writeFile(
      configFile,
      `auth_url: ${world.identityUrl}
project: ${world.ownerProject}
credentials: {username: ${world.agent.username}}
ca_dir: ${world.pki.caDir}
state_dir: ${join(dir, 'state')}
subscriptions:
  test.vo:
    url: ${world.baseUrl}/list.smime
    endorser: {dn: "${world.pki.endorserDn}", ca: "${world.pki.caDn}"}
    vo: ${world.vo}
`,
    );
    world.serve('/c.raw', { kind: 'bytes', bytes });
    world.serve(
      '/list.smime',
      world.pki.sign(hepixList(world.pki, [hepixImage('img-c', bytes, `${world.baseUrl}/c.raw`)])),
    );
  }, 120_000);

  afterAll(async () => {
    await world?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const agent = (args: string[]) =>
    run(process.execPath, [BIN, 'images', '--config', configFile, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        OS_PASSWORD: world.agent.password,
        FEDCLOUD_CA_FILE: world.sandbox.files.caFile,
      },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('a dry run prints the plan and changes nothing; the real run uploads; the next keeps', async () => {
    const dry = await agent(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^test\.vo: .*img-c/m);
    expect(await world.ownerImages()).toHaveLength(0);

    const first = await agent(['--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as {
      ok: boolean;
      subscriptions: { uploaded: { identifier: string }[]; kept: unknown[] }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.subscriptions[0]?.uploaded.map((u) => u.identifier)).toEqual(['img-c']);
    expect(first.stderr).toMatch(/test\.vo: synced .*1 uploaded, 0 kept, 0 retired/);
    expect(first.stderr).not.toContain(world.agent.password);
    const images = (await world.ownerImages()).filter((i) => i['appdb_id'] === 'img-c');
    expect(images.map((i) => [i.status, i.size])).toEqual([['active', 70_000]]);

    const second = await agent([]);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/test\.vo: synced .*0 uploaded, 1 kept/);
    expect((await world.ownerImages()).filter((i) => i['appdb_id'] === 'img-c')).toHaveLength(1);
  });

  it('an unknown subscription and a missing file are usage errors (exit 2) that name them', async () => {
    const unknown = await agent(['--subscription', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no subscription nope');
    expect(unknown.stderr).toContain('there are: test.vo');

    const missing = await run(process.execPath, [BIN, 'images', '--config', join(dir, 'x.yaml')], {
      env: { PATH: process.env.PATH, HOME: dir },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('x.yaml (ENOENT)');
  });
});
