import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../testing/test-site.js';
import { createOidcDouble, entitlement, type OidcDouble } from './oidc-double.js';

const run = promisify(execFile);

/** The real python-openstackclient/keystoneauth1 against this Keystone over a local socket. */
describe('keystone with the real openstack client', () => {
  let t: TestSite;
  let oidc: OidcDouble;
  let server: ServerType;

  beforeAll(async () => {
    oidc = await createOidcDouble();
    t = createTestSite({}, oidc.link);
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    t.site.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const openstack = async (args: string[]): Promise<unknown> => {
    const { stdout } = await run('openstack', [...args, '-f', 'json'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as unknown;
  };
  const admin = () => [
    '--os-auth-url',
    `${t.site.baseUrl}/`,
    '--os-identity-api-version',
    '3',
    '--os-username',
    'admin',
    '--os-password',
    t.site.spec.adminPassword,
    '--os-user-domain-name',
    'Default',
    '--os-project-name',
    'admin',
    '--os-project-domain-name',
    'Default',
  ];

  it('issues a password token after version discovery at the root', async () => {
    const token = (await openstack([...admin(), 'token', 'issue'])) as Record<string, string>;
    expect(token.project_id).toBe(t.site.spec.adminProjectId);
    expect(token.user_id).toBe(t.site.spec.adminUserId);
  });

  it('lists the catalogue and the projects as admin', async () => {
    const catalog = (await openstack([...admin(), 'catalog', 'list'])) as { Type: string }[];
    expect(catalog.map((s) => s.Type).sort()).toEqual([
      'block-storage',
      'compute',
      'identity',
      'image',
      'network',
      'volumev3',
    ]);
    const projects = (await openstack([...admin(), 'project', 'list'])) as { ID: string }[];
    // The VOs' projects, the admin project and the one owning the synced images.
    expect(projects).toHaveLength(t.site.spec.vos.length + 2);
  });

  it('logs in with an OIDC access token (v3oidcaccesstoken) and scopes to a VO project', async () => {
    const vo = t.site.spec.vos[0]!;
    const access = await oidc.mint('alice@egi.eu', [entitlement(vo.vo)]);
    const token = (await openstack([
      '--os-auth-type',
      'v3oidcaccesstoken',
      '--os-auth-url',
      `${t.site.baseUrl}/v3`,
      '--os-identity-provider',
      'egi.eu',
      '--os-protocol',
      'openid',
      '--os-access-token',
      access,
      '--os-project-id',
      vo.projectId,
      'token',
      'issue',
    ])) as Record<string, string>;
    expect(token.project_id).toBe(vo.projectId);
  });

  const agent = (scope: string[]) => [
    '--os-auth-url',
    `${t.site.baseUrl}/v3`,
    '--os-identity-api-version',
    '3',
    '--os-username',
    'fedcloud-agent',
    '--os-password',
    t.site.spec.agentPassword,
    '--os-user-domain-name',
    'Default',
    ...scope,
  ];

  it("lets a system reader (the accounting agent's account) read users, as cASO does", async () => {
    const shown = (await openstack([
      ...agent(['--os-system-scope', 'all']),
      'user',
      'show',
      t.site.spec.adminUserId,
    ])) as Record<string, string>;
    expect(shown.name).toBe('admin');
    const users = (await openstack([...agent(['--os-system-scope', 'all']), 'user', 'list'])) as {
      Name: string;
    }[];
    expect(users.map((u) => u.Name)).toContain('fedcloud-agent');
    // Scoped to a VO project the same account may not: Keystone's identity:get_user policy.
    const projectScoped = run(
      'openstack',
      [
        ...agent(['--os-project-id', t.site.spec.vos[0]!.projectId]),
        'user',
        'show',
        t.site.spec.adminUserId,
        '-f',
        'json',
      ],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' } },
    );
    await expect(projectScoped).rejects.toThrow(/identity:get_user|HTTP 403/);
  });

  it('grants and lists system and project roles as the site admin', async () => {
    const vo = t.site.spec.vos[0]!;
    await run('openstack', [
      ...admin(),
      'role',
      'add',
      '--project',
      vo.projectId,
      '--user',
      t.site.spec.adminUserId,
      'member',
    ]);
    const listed = (await openstack([
      ...admin(),
      'role',
      'assignment',
      'list',
      '--user',
      t.site.spec.agentUserId,
      '--names',
    ])) as { Role: string; System: string; Project: string }[];
    expect(listed.some((a) => a.Role === 'reader' && a.System === 'all')).toBe(true);
    // member and reader on each VO project and on the images project.
    expect(listed.filter((a) => a.Project !== '').length).toBe((t.site.spec.vos.length + 1) * 2);
    await run('openstack', [
      ...admin(),
      'role',
      'remove',
      '--project',
      vo.projectId,
      '--user',
      t.site.spec.adminUserId,
      'member',
    ]);
  });

  it('marks VO projects for accounting as EGI sites do: property VO and tag caso', async () => {
    const vo = t.site.spec.vos[0]!;
    const system = agent(['--os-system-scope', 'all']);
    const shown = (await openstack([...system, 'project', 'show', vo.projectId])) as Record<
      string,
      unknown
    >;
    expect([shown.VO, shown.tags]).toEqual([vo.vo, ['caso']]);
    const tagged = (await openstack([...system, 'project', 'list', '--tags', 'caso'])) as {
      ID: string;
    }[];
    expect(tagged.map((p) => p.ID).sort()).toEqual(t.site.spec.vos.map((v) => v.projectId).sort());
  });
});
