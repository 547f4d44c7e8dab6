import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliSandbox, type CliSandbox } from './cli-sandbox.js';

let sb: CliSandbox;
beforeAll(async () => {
  sb = await startCliSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

/** alice's projects: the sandbox sites' projects of her VOs. */
function aliceProjects() {
  const vos = sb.sandbox.users.find((u) => u.username === 'alice')?.vos ?? [];
  return sb.sandbox.sites.flatMap((site) =>
    site.vos.filter((v) => vos.includes(v.vo)).map((v) => ({ site: site.name, ...v })),
  );
}

describe('fedcloud endpoint', () => {
  it('list prints Site, type, URL for every site', async () => {
    const r = await sb.run(['endpoint', 'list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Site\s+type\s+URL$/);
    expect(lines[1]).toMatch(/^-+\s+-+\s+-+$/);
    for (const site of sb.sandbox.sites) {
      expect(r.stdout).toMatch(
        new RegExp(`${site.name}\\s+org\\.openstack\\.nova\\s+${site.identityUrl}/`),
      );
    }
    const json = await sb.run([
      'endpoint',
      'list',
      '--json',
      '--not-production',
      '--not-monitored',
    ]);
    expect(JSON.parse(json.stdout)).toHaveLength(sb.sandbox.sites.length);
  });

  it('projects over ALL_SITES lists the projects of every site', async () => {
    const r = await sb.run(['endpoint', 'projects', '--site', 'ALL_SITES']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^id\s+Name\s+enabled\s+site$/);
    for (const p of aliceProjects()) {
      expect(r.stdout).toMatch(
        new RegExp(`${p.projectId}\\s+${p.projectName}\\s+True\\s+${p.site}`),
      );
    }
    const json = await sb.run(['endpoint', 'projects', '-a', '--json']);
    expect(JSON.parse(json.stdout)).toHaveLength(aliceProjects().length);
  });

  it('vos adds the VO of each project', async () => {
    const r = await sb.run(['endpoint', 'vos', '-a', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { vo: string; id: string; site: string }[];
    expect(rows.map((row) => `${row.site} ${row.vo} ${row.id}`).sort()).toEqual(
      aliceProjects()
        .map((p) => `${p.site} ${p.vo} ${p.projectId}`)
        .sort(),
    );
  });

  it('a site that is down is reported as fedcloudclient does, exit 1', async () => {
    const down = sb.sandbox.sites[2]!.name;
    await sb.sandbox.setFaults(down, { down: true });
    try {
      const r = await sb.run(['endpoint', 'projects', '-a'], { FEDCLOUD_TIMEOUT: '10' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`[WARN] Sites not available: [['${down}', `);
      expect(r.stdout).toContain(sb.sandbox.sites[0]!.name);
    } finally {
      await sb.sandbox.setFaults(down, { down: false });
    }
  });

  it('env exports the six variables for a project id, and OS_CACERT for the CA in use', async () => {
    const p = aliceProjects()[0]!;
    const site = sb.sandbox.site(p.site);
    const r = await sb.run(['endpoint', 'env', '--site', p.site], { OS_PROJECT_ID: p.projectId });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `# environment for ${p.site}`,
      `export OS_AUTH_URL="${site.identityUrl}/";`,
      'export OS_AUTH_TYPE="v3oidcaccesstoken";',
      'export OS_IDENTITY_PROVIDER="egi.eu";',
      'export OS_PROTOCOL="openid";',
      `export OS_ACCESS_TOKEN="${sb.token}";`,
      `export OS_PROJECT_ID="${p.projectId}";`,
      `export OS_CACERT="${sb.sandbox.files.caFile}";`,
    ]);
  });

  it('token prints a scoped Keystone token', async () => {
    const p = aliceProjects()[1]!;
    const r = await sb.run(['endpoint', 'token', '--site', p.site, '--project-id', p.projectId]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^export OS_TOKEN="[^"]+";\n$/);
    expect(r.stdout).not.toContain(sb.token);
  });

  it('projects without a token names OIDC_ACCESS_TOKEN', async () => {
    const r = await sb.run(['endpoint', 'projects', '-a'], { OIDC_ACCESS_TOKEN: undefined });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('OIDC_ACCESS_TOKEN');
  });
});

describe('fedcloud completion', () => {
  it('prints a bash script covering the command tree', async () => {
    const r = await sb.run(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('complete -o default -F _fedcloud_complete fedcloud');
    expect(r.stdout).toContain('"site env")');
  });
});
