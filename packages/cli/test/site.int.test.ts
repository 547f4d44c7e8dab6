import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startCliSandbox, type CliSandbox } from './cli-sandbox.js';

let sb: CliSandbox;
beforeAll(async () => {
  sb = await startCliSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

const names = () => sb.sandbox.sites.map((s) => s.name);

describe('fedcloud site', () => {
  it('list prints every site, and --vo only those with the VO', async () => {
    const all = await sb.run(['site', 'list']);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n').sort()).toEqual([...names()].sort());

    const withVo = sb.sandbox.sites
      .filter((s) => s.vos.some((v) => v.vo === 'fedcloud.egi.eu'))
      .map((s) => s.name)
      .sort();
    expect(withVo.length).toBeLessThan(names().length);
    const filtered = await sb.run(['site', 'list', '--vo', 'fedcloud.egi.eu']);
    expect(filtered.stdout.trim().split('\n').sort()).toEqual(withVo);
    const viaEnv = await sb.run(['site', 'list', '--json'], { EGI_VO: 'fedcloud.egi.eu' });
    expect((JSON.parse(viaEnv.stdout) as { name: string }[]).map((s) => s.name).sort()).toEqual(
      withVo,
    );
  });

  it('show prints the site YAML', async () => {
    const site = sb.sandbox.sites[1]!;
    const r = await sb.run(['site', 'show', '--site', site.name]);
    expect(r.code).toBe(0);
    const doc = parse(r.stdout);
    expect(doc.gocdb).toBe(site.name);
    expect(doc.vos.map((v: { auth: { project_id: string } }) => v.auth.project_id)).toEqual(
      site.vos.map((v) => v.projectId),
    );
  });

  it('show prints the site file exactly as fedcloudclient does (PyYAML, sorted keys)', async () => {
    const site = sb.sandbox.sites[0]!;
    const file = join(sb.sandbox.files.sitesDir, `${site.name}.yaml`);
    const r = await sb.run(['site', 'show', '--site', site.name]);
    // The oracle: fedcloudclient's print(yaml.dump(site_info, sort_keys=True)) on the same file.
    const expected = await new Promise<string | undefined>((done) => {
      execFile(
        '/usr/bin/python3',
        [
          '-c',
          'import sys, yaml; print(yaml.dump(yaml.safe_load(open(sys.argv[1])), sort_keys=True))',
          file,
        ],
        (error, stdout) => done(error ? undefined : stdout),
      );
    });
    if (expected === undefined) return; // no PyYAML here; CI has it (python3-openstackclient)
    expect(r.stdout).toBe(expected);
  });

  it('show of an unknown site exits 4 and suggests names', async () => {
    const r = await sb.run(['site', 'show', '--site', 'SANDBOX-ALPA']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Did you mean');
    expect(r.stderr).toContain('SANDBOX-ALPHA');
  });

  it('show without a site is a usage error', async () => {
    const r = await sb.run(['site', 'show']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--site');
  });

  it('show-project-id exports OS_AUTH_URL and OS_PROJECT_ID', async () => {
    const site = sb.sandbox.sites[0]!;
    const vo = site.vos[0]!;
    const r = await sb.run(['site', 'show-project-id', '--site', site.name, '--vo', vo.vo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `export OS_AUTH_URL="${site.identityUrl}/";\nexport OS_PROJECT_ID="${vo.projectId}";\n`,
    );
  });

  it('env prints the six OS_* variables in bash syntax, and OS_CACERT with a CA file', async () => {
    const site = sb.sandbox.sites[0]!;
    const vo = site.vos[0]!;
    const six = [
      `export OS_AUTH_URL="${site.identityUrl}/";`,
      'export OS_AUTH_TYPE="v3oidcaccesstoken";',
      'export OS_IDENTITY_PROVIDER="egi.eu";',
      'export OS_PROTOCOL="openid";',
      `export OS_ACCESS_TOKEN="${sb.token}";`,
      `export OS_PROJECT_ID="${vo.projectId}";`,
    ];
    const r = await sb.run(['site', 'env', '--site', site.name, '--vo', vo.vo]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      ...six,
      `export OS_CACERT="${sb.sandbox.files.caFile}";`,
    ]);
    const plain = await sb.run(['site', 'env', '--site', site.name, '--vo', vo.vo], {
      FEDCLOUD_CA_FILE: undefined,
    });
    expect(plain.stdout.trim().split('\n')).toEqual(six);
  });

  it('trusts the CA the Python tools are told of (OS_CACERT, REQUESTS_CA_BUNDLE, SSL_CERT_FILE)', async () => {
    const site = sb.sandbox.sites[0]!;
    const vo = site.vos[0]!;
    const args = ['openstack', 'image', 'list', '--site', site.name, '--vo', vo.vo];
    const untrusted = await sb.run(args, { FEDCLOUD_CA_FILE: undefined });
    expect(untrusted.code).not.toBe(0);
    for (const name of ['OS_CACERT', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE']) {
      const r = await sb.run(args, {
        FEDCLOUD_CA_FILE: undefined,
        [name]: sb.sandbox.files.caFile,
      });
      expect([name, r.code]).toEqual([name, 0]);
    }
  });

  it('eval "$(fedcloud site env)" is all the real openstack client needs', async () => {
    const openstack = '/usr/bin/openstack';
    if (!existsSync(openstack)) return;
    const site = sb.sandbox.sites[0]!;
    const vo = site.vos[0]!;
    const env = sb.env();
    const script = `eval "$(node ${JSON.stringify(CLI)} site env --site ${site.name} --vo ${vo.vo})" && exec ${openstack} token issue -f value -c project_id`;
    const out = await new Promise<string>((done, fail) => {
      execFile('/bin/bash', ['-c', script], { env, timeout: 90_000 }, (error, stdout, stderr) =>
        error ? fail(new Error(stderr || error.message)) : done(stdout),
      );
    });
    expect(out.trim()).toBe(vo.projectId);
  });

  it('env prints fish syntax for fish users (SHELL or FEDCLOUD_SHELL)', async () => {
    const site = sb.sandbox.sites[0]!;
    const vo = site.vos[0]!;
    for (const extra of [{ SHELL: '/usr/bin/fish' }, { FEDCLOUD_SHELL: 'fish' }]) {
      const r = await sb.run(['site', 'env', '--site', site.name, '--vo', vo.vo], extra);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(7);
      expect(lines[0]).toBe(`set -x OS_AUTH_URL "${site.identityUrl}/";`);
      expect(lines[5]).toBe(`set -x OS_PROJECT_ID "${vo.projectId}";`);
    }
  });

  it('env for a VO the site lacks exits 4', async () => {
    const site = sb.sandbox.sites.find((s) => !s.vos.some((v) => v.vo === 'fedcloud.egi.eu'))!;
    const r = await sb.run(['site', 'env', '--site', site.name, '--vo', 'fedcloud.egi.eu']);
    expect(r.code).toBe(4);
  });

  it('save-config writes ~/.config/fedcloud/site-config/<gocdb>.yaml, removing old files', async () => {
    const dir = join(sb.home, '.config', 'fedcloud', 'site-config');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'OLD-SITE.yaml'), 'gocdb: OLD-SITE\n');
    const r = await sb.run(['site', 'save-config']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(dir);
    expect((await readdir(dir)).sort()).toEqual(
      names()
        .map((n) => `${n}.yaml`)
        .sort(),
    );
    const doc = parse(await readFile(join(dir, `${names()[0]}.yaml`), 'utf8'));
    expect(doc.gocdb).toBe(names()[0]);
    // The saved folder is a valid site directory on its own.
    const list = await sb.run(['site', 'list'], { FEDCLOUD_SITE_CONFIG_DIR: dir });
    expect(list.stdout.trim().split('\n').sort()).toEqual([...names()].sort());
  });

  it('save-config --clouds-yaml writes clouds the openstack CLI accepts', async () => {
    const file = join(sb.home, 'clouds.yaml');
    const r = await sb.run(['site', 'save-config', '--clouds-yaml', file]);
    expect(r.code).toBe(0);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('644');
    const clouds = parse(await readFile(file, 'utf8')).clouds;
    const site = sb.sandbox.sites[1]!;
    const vo = site.vos[1]!;
    const name = `${site.name}-${vo.vo}`.toLowerCase();
    expect(clouds[name]).toMatchObject({
      auth_type: 'v3oidcaccesstoken',
      auth: {
        auth_url: `${site.identityUrl}/`,
        identity_provider: 'egi.eu',
        protocol: 'openid',
        project_id: vo.projectId,
      },
      cacert: sb.sandbox.files.caFile,
    });
    expect(JSON.stringify(clouds)).not.toContain(sb.token);

    const openstack = '/usr/bin/openstack';
    if (!existsSync(openstack)) return;
    const out = await new Promise<string>((done, fail) => {
      execFile(
        openstack,
        ['--os-cloud', name, 'token', 'issue', '-f', 'value', '-c', 'project_id'],
        {
          env: {
            PATH: process.env.PATH,
            HOME: sb.home,
            OS_CLIENT_CONFIG_FILE: file,
            OS_ACCESS_TOKEN: sb.token,
          },
          timeout: 90_000,
        },
        (error, stdout, stderr) =>
          error ? fail(new Error(stderr || error.message)) : done(stdout),
      );
    });
    expect(out.trim()).toBe(vo.projectId);
  });
});
