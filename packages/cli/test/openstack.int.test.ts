import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const VO = 'vo.access.egi.eu';
const ALPHA = 'SANDBOX-ALPHA';
const REAL_OPENSTACK = '/usr/bin/openstack';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let sandbox: EphemeralSandbox;
let home: string;
let token: string;

function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      { env, cwd: home, timeout: 90_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    NO_COLOR: '1',
    FEDCLOUD_SITE_CONFIG_DIR: sandbox.files.sitesDir,
    FEDCLOUD_CA_FILE: sandbox.files.caFile,
    OIDC_ACCESS_TOKEN: token,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

const fedcloud = (args: string[], extra?: Record<string, string | undefined>) =>
  exec(process.execPath, [CLI, ...args], cliEnv(extra));

/** `fedcloud openstack ARGS --site SITE --vo VO -f json`, parsed. */
async function osJson(site: string, args: string[]): Promise<unknown> {
  const r = await fedcloud(['openstack', ...args, '-f', 'json', '--site', site, '--vo', VO]);
  expect(r.stderr).toContain(`Site: ${site}, VO: ${VO}, command: `);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

/** The real python-openstackclient against the same site and project. */
async function pythonJson(site: string, args: string[]): Promise<unknown> {
  const s = sandbox.site(site);
  const project = s.vos.find((v) => v.vo === VO)?.projectId ?? '';
  const r = await exec(
    REAL_OPENSTACK,
    [
      '--os-auth-type',
      'v3oidcaccesstoken',
      '--os-identity-provider',
      'egi.eu',
      '--os-protocol',
      'openid',
      '--os-access-token',
      token,
      '--os-project-id',
      project,
      '--os-auth-url',
      s.identityUrl,
      '--os-cacert',
      sandbox.files.caFile ?? '',
      ...args,
      '-f',
      'json',
    ],
    { PATH: '/usr/bin:/bin', HOME: home },
  );
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'fedcloud-os-home-'));
  sandbox = await startEphemeralSandbox({ buildDelayMs: 200 });
  token = await sandbox.tokenFor('alice');
});

afterAll(async () => {
  await sandbox?.cleanup();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('fedcloud openstack, one site', () => {
  it('runs the life cycle of a server natively', async () => {
    const images = (await osJson(ALPHA, ['image', 'list'])) as { ID: string; Name: string }[];
    expect(images.length).toBeGreaterThan(0);
    const ubuntu = images.find((i) => i.Name.includes('Ubuntu 22.04')) ?? images[0];
    const flavors = (await osJson(ALPHA, ['flavor', 'list'])) as { Name: string }[];
    expect(flavors.map((f) => f.Name)).toContain('m1.small');
    const networks = (await osJson(ALPHA, ['network', 'list'])) as { ID: string; Name: string }[];
    const privateNet = networks.find((n) => n.Name !== 'public');
    expect(privateNet).toBeDefined();

    await writeFile(
      join(home, 'key.pub'),
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3zO2Yw2R5bWdS2l3rDuqfV2iWvJ6Y3ZfZ1w8yqVbK test@fedcloud\n',
    );
    await osJson(ALPHA, [
      'keypair',
      'create',
      '--public-key',
      join(home, 'key.pub'),
      'lifecycle-key',
    ]);
    await writeFile(join(home, 'cloud-init.yaml'), '#cloud-config\nruncmd: [echo hi]\n');
    const created = (await osJson(ALPHA, [
      'server',
      'create',
      '--image',
      ubuntu?.Name ?? '',
      '--flavor',
      'm1.small',
      '--nic',
      `net-id=${privateNet?.ID ?? ''}`,
      '--key-name',
      'lifecycle-key',
      '--user-data',
      join(home, 'cloud-init.yaml'),
      '--wait',
      'lifecycle-vm',
    ])) as Record<string, unknown>;
    expect(created.status).toBe('ACTIVE');
    expect(created.key_name).toBe('lifecycle-key');

    const shown = (await osJson(ALPHA, ['server', 'show', 'lifecycle-vm'])) as Record<
      string,
      unknown
    >;
    expect(shown.status).toBe('ACTIVE');
    expect(shown.id).toBe(created.id);
    expect(shown.flavor).toMatch(/^m1\.small \(/);

    const console = (await osJson(ALPHA, ['console', 'url', 'show', 'lifecycle-vm'])) as {
      url: string;
    };
    expect(console.url).toMatch(/^https:\/\//);

    const table = await fedcloud([
      'openstack',
      'server',
      'list',
      '-c',
      'ID',
      '-c',
      'Name',
      '--site',
      ALPHA,
      '--vo',
      VO,
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^\+-+\+-+\+\n\| ID +\| Name +\|\n/);
    expect(table.stdout).toContain('lifecycle-vm');
    expect(table.stdout).not.toContain('ACTIVE');

    const deleted = await fedcloud([
      'openstack',
      'server',
      'delete',
      'lifecycle-vm',
      '--wait',
      '--site',
      ALPHA,
      '--vo',
      VO,
    ]);
    expect(deleted.code, deleted.stderr).toBe(0);
    const after = (await osJson(ALPHA, ['server', 'list'])) as { Name: string }[];
    expect(after.map((s) => s.Name)).not.toContain('lifecycle-vm');
  });

  it('token issue -c id -f value prints the Keystone token only', async () => {
    const r = await fedcloud([
      'openstack',
      'token',
      'issue',
      '-c',
      'id',
      '-f',
      'value',
      '--site',
      ALPHA,
      '--vo',
      VO,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\S+$/);
  });

  it('an unknown server is an error row with the OSC message', async () => {
    const r = await fedcloud([
      'openstack',
      'server',
      'show',
      'no-such-vm',
      '--site',
      ALPHA,
      '--vo',
      VO,
    ]);
    expect(r.code).toBe(7);
    // fedcloudclient's print("Error code: ", code) and print("Error message: ", result), on stdout.
    expect(r.stdout).toBe(
      "Error code:  7\nError message:  No server with a name or ID of 'no-such-vm' exists.\n",
    );
  });

  it('a site without the VO answers error code 11', async () => {
    const r = await fedcloud([
      'openstack',
      'image',
      'list',
      '--site',
      'SANDBOX-GAMMA',
      '--vo',
      'training.egi.eu',
      '-j',
    ]);
    const rows = JSON.parse(r.stdout) as { 'Error code': number }[];
    expect(rows[0]?.['Error code']).toBe(11);
    expect(r.code).toBe(4);
  });
});

describe('fedcloud openstack --site ALL_SITES', () => {
  it('lists servers of every site in one JSON envelope, in directory order', async () => {
    const r = await fedcloud([
      'openstack',
      'server',
      'list',
      '--site',
      'ALL_SITES',
      '--vo',
      VO,
      '-j',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => row.Site)).toEqual(sandbox.sites.map((s) => s.name));
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([
        'Site',
        'VO',
        'command',
        'Exception',
        'Error code',
        'Result',
      ]);
      expect(row['Error code']).toBe(0);
      expect(row.Exception).toBeNull();
      expect(Array.isArray(row.Result)).toBe(true);
      expect(row.command).toBe('server list');
    }
  });

  it('-i hides sites without the VO; without it they are rows with code 11', async () => {
    const shown = await fedcloud([
      'openstack',
      'image',
      'list',
      '-a',
      '--vo',
      'training.egi.eu',
      '-j',
    ]);
    const rows = JSON.parse(shown.stdout) as { Site: string; 'Error code': number }[];
    expect(rows.find((row) => row.Site === 'SANDBOX-GAMMA')?.['Error code']).toBe(11);
    expect(rows.find((row) => row.Site === 'SANDBOX-BETA')?.['Error code']).toBe(0);
    expect(shown.code).toBe(1);
    const hidden = await fedcloud([
      'openstack',
      'image',
      'list',
      '-a',
      '-i',
      '--vo',
      'training.egi.eu',
      '-j',
    ]);
    // As fedcloudclient: -i hides the missing VO from text output only; -j keeps its entry.
    expect(hidden.code, hidden.stderr).toBe(0);
    const kept = JSON.parse(hidden.stdout) as { Site: string; 'Error code': number }[];
    expect(kept.map((row) => [row.Site, row['Error code']])).toEqual([
      [ALPHA, 0],
      ['SANDBOX-BETA', 0],
      ['SANDBOX-GAMMA', 11],
    ]);
    const text = await fedcloud([
      'openstack',
      'image',
      'list',
      '-a',
      '-i',
      '--vo',
      'training.egi.eu',
    ]);
    expect(text.code).toBe(0);
    expect(text.stderr).not.toContain('SANDBOX-GAMMA');
    expect(text.stdout).not.toContain('Error code');
  });

  it('a slow site times out alone; a dead site fails alone', async () => {
    await sandbox.setFaults('SANDBOX-BETA', { latencyMs: 3000 });
    await sandbox.setFaults('SANDBOX-GAMMA', { down: true });
    try {
      const started = Date.now();
      const r = await fedcloud([
        'openstack',
        'server',
        'list',
        '--site',
        'ALL_SITES',
        '--vo',
        VO,
        '-j',
        '--timeout',
        '1',
      ]);
      const elapsed = Date.now() - started;
      expect(r.code).toBe(1);
      const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
      const by = Object.fromEntries(rows.map((row) => [row.Site, row]));
      expect(by[ALPHA]?.['Error code']).toBe(0);
      expect(by['SANDBOX-BETA']?.['Error code']).not.toBe(0);
      expect(by['SANDBOX-BETA']?.Exception).toEqual(expect.any(String));
      expect(by['SANDBOX-GAMMA']?.['Error code']).not.toBe(0);
      expect(elapsed).toBeLessThan(15_000);
    } finally {
      await sandbox.setFaults('SANDBOX-BETA', { latencyMs: 0 });
      await sandbox.setFaults('SANDBOX-GAMMA', { down: false });
    }
  });

  it('--mine keeps only the servers of the caller', async () => {
    const own = (await osJson(ALPHA, [
      'server',
      'create',
      '--image',
      'Image for EGI Ubuntu 22.04 [Ubuntu/22.04/KVM]',
      '--flavor',
      'm1.nano',
      '--network',
      'private-net',
      'mine-vm',
    ])) as { id: string };
    const mine = await fedcloud([
      'openstack',
      'server',
      'list',
      '--mine',
      '--site',
      'ALL_SITES',
      '--vo',
      VO,
      '-j',
    ]);
    expect(mine.code, mine.stderr).toBe(0);
    const rows = JSON.parse(mine.stdout) as { Site: string; Result: { ID: string }[] }[];
    expect(rows.find((row) => row.Site === ALPHA)?.Result.map((s) => s.ID)).toContain(own.id);

    const bobToken = await sandbox.tokenFor('bob');
    const bobs = await fedcloud(
      [
        'openstack',
        'server',
        'list',
        '--mine',
        '--site',
        ALPHA,
        '--vo',
        'fedcloud.egi.eu',
        '-f',
        'json',
      ],
      { OIDC_ACCESS_TOKEN: bobToken },
    );
    expect(bobs.code, bobs.stderr).toBe(0);
    expect(JSON.parse(bobs.stdout)).toEqual([]);
    const removed = await fedcloud([
      'openstack',
      'server',
      'delete',
      'mine-vm',
      '--site',
      ALPHA,
      '--vo',
      VO,
    ]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe('');
  });
});

describe.runIf(existsSync(REAL_OPENSTACK))('JSON parity with python-openstackclient', () => {
  beforeAll(async () => {
    await osJson(ALPHA, [
      'server',
      'create',
      '--image',
      'Image for EGI Ubuntu 22.04 [Ubuntu/22.04/KVM]',
      '--flavor',
      'm1.small',
      '--network',
      'private-net',
      '--property',
      'role=parity',
      '--wait',
      'parity-vm',
    ]);
    await osJson(ALPHA, ['volume', 'create', '--size', '1', 'parity-vol']);
    await osJson(ALPHA, ['floating', 'ip', 'create', 'public']);
    await osJson(ALPHA, ['security', 'group', 'create', 'parity-sg']);
  });

  const commands = [
    ['image', 'list'],
    ['image', 'list', '--long'],
    ['flavor', 'list'],
    ['flavor', 'list', '--long'],
    ['flavor', 'show', 'm1.small'],
    ['network', 'list'],
    ['network', 'list', '--long'],
    ['network', 'show', 'private-net'],
    ['server', 'list'],
    ['server', 'list', '--long'],
    ['server', 'show', 'parity-vm'],
    ['keypair', 'list'],
    ['volume', 'list'],
    ['volume', 'list', '--long'],
    ['security', 'group', 'list'],
    ['floating', 'ip', 'list'],
    ['limits', 'show', '--absolute'],
    ['quota', 'show'],
  ];
  for (const args of commands) {
    it(`${args.join(' ')} -f json`, async () => {
      const [ours, theirs] = await Promise.all([osJson(ALPHA, args), pythonJson(ALPHA, args)]);
      expect(ours).toEqual(theirs);
    });
  }
});

describe('delegation to the python client', () => {
  it('passes the Keystone token in the environment, never in argv', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'fedcloud-fake-os-'));
    const dump = join(bin, 'dump.json');
    const fake = join(bin, 'openstack');
    await writeFile(
      fake,
      `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(dump)}, JSON.stringify({argv: process.argv.slice(2), env: process.env}));\nprocess.stdout.write('[{"ID": "s1", "Name": "subnet"}]');\n`,
    );
    await chmod(fake, 0o755);
    try {
      const r = await fedcloud(['openstack', 'subnet', 'list', '--site', ALPHA, '--vo', VO, '-j'], {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        OS_TOKEN: 'stale-token',
        OS_USER_DOMAIN_NAME: 'x',
      });
      expect(r.code, r.stderr).toBe(0);
      const rows = JSON.parse(r.stdout) as { Result: unknown }[];
      expect(rows[0]?.Result).toEqual([{ ID: 's1', Name: 'subnet' }]);
      const seen = JSON.parse(await readFile(dump, 'utf8')) as {
        argv: string[];
        env: Record<string, string>;
      };
      expect(seen.argv).toEqual(['subnet', 'list', '--format', 'json']);
      const keystoneToken = seen.env.OS_TOKEN ?? '';
      expect(keystoneToken).not.toBe('stale-token');
      expect(keystoneToken.length).toBeGreaterThan(10);
      expect(seen.env.OS_AUTH_TYPE).toBe('v3token');
      expect(seen.env.OS_PROJECT_ID).toBe(
        sandbox.site(ALPHA).vos.find((v) => v.vo === VO)?.projectId,
      );
      expect(seen.env.OS_CACERT).toBe(sandbox.files.caFile);
      expect(seen.env.OS_USER_DOMAIN_NAME).toBeUndefined();
      expect(seen.argv.join(' ')).not.toContain(keystoneToken);
      expect(seen.argv.join(' ')).not.toContain(token);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('without a python client, says how to install it', async () => {
    const r = await fedcloud(['openstack', 'subnet', 'list', '--site', ALPHA, '--vo', VO], {
      PATH: '/nonexistent',
    });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('python-openstackclient');
    expect(r.stderr).toContain('server list');
  });
});
