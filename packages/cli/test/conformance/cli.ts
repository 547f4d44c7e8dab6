import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteSecurityGroup, listSecurityGroups, validateToken } from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { bootChoice, sshPublicKey } from './compute.js';
import { VO } from './context.js';
import { itWith, type SuiteInfo, type Use } from './parts.js';
import { CONFORMANCE_VOS } from './target.js';

type Row = Record<string, unknown>;

/** The same ground through the `fedcloud` command, as users drive it. */
export function defineCliTests(use: Use, info: SuiteInfo): void {
  const requirePython = process.env.FEDCLOUD_REQUIRE_OPENSTACK_CLI === '1';
  const pythonPresent = ['/usr/bin/openstack', '/usr/local/bin/openstack'].some(existsSync);

  describe('CLI: sites and endpoints', () => {
    it('site list and site show describe the site from the site folder', async () => {
      const c = use();
      const list = await c.fedcloud(['site', 'list', '--json']);
      expect(list.code, list.stderr).toBe(0);
      const sites = JSON.parse(list.stdout) as Row[];
      expect(sites.map((s) => s.name)).toEqual([c.target.siteName]);
      const show = await c.fedcloud(['site', 'show', '--site', c.target.siteName]);
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toContain(`endpoint: ${c.target.identityUrl}`);
      for (const vo of CONFORMANCE_VOS) expect(show.stdout).toContain(c.target.projects[vo]);
    });

    it("endpoint projects and vos list the token's VO projects", async () => {
      const c = use();
      const projects = await c.fedcloud([
        'endpoint',
        'projects',
        '--site',
        c.target.siteName,
        '--json',
      ]);
      expect(projects.code, projects.stderr).toBe(0);
      const ids = (JSON.parse(projects.stdout) as Row[]).map((p) => p.id);
      for (const vo of CONFORMANCE_VOS) expect(ids).toContain(c.target.projects[vo]);
      const vos = await c.fedcloud(['endpoint', 'vos', '--site', c.target.siteName, '--json']);
      expect(vos.code, vos.stderr).toBe(0);
      const rows = (JSON.parse(vos.stdout) as Row[]).map((r) => `${String(r.vo)} ${String(r.id)}`);
      expect(rows.sort()).toEqual(
        CONFORMANCE_VOS.map((vo) => `${vo} ${c.target.projects[vo]}`).sort(),
      );
    });

    it('endpoint token prints a token scoped to the project', async () => {
      const c = use();
      const projectId = c.target.projects[VO]!;
      const run = await c.fedcloud([
        'endpoint',
        'token',
        '--site',
        c.target.siteName,
        '--project-id',
        projectId,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const token = /^export OS_TOKEN="([^"]+)";\n$/.exec(run.stdout)?.[1];
      expect(token).toBeDefined();
      const session = await c.session();
      const checked = await validateToken(c.target.transport, {
        identityUrl: session.auth.identityUrl ?? '',
        token: session.auth.token,
        subjectToken: token ?? '',
      });
      expect(checked.projectId).toBe(projectId);
    });
  });

  describe('CLI: openstack', () => {
    it('lists images, flavors and networks and shows one of each', async () => {
      const c = use();
      const choice = await bootChoice(await c.session());
      const images = await c.openstack<Row[]>(['image', 'list']);
      expect(images.map((i) => i.ID)).toContain(choice.image.id);
      const image = await c.openstack<Row>(['image', 'show', choice.image.id]);
      expect(image).toMatchObject({ id: choice.image.id, status: 'active' });
      const flavors = await c.openstack<Row[]>(['flavor', 'list']);
      expect(flavors.map((f) => f.Name)).toContain(choice.flavor.name);
      const flavor = await c.openstack<Row>(['flavor', 'show', choice.flavor.name]);
      expect(flavor).toMatchObject({ id: choice.flavor.id, ram: choice.flavor.ram });
      const networks = await c.openstack<Row[]>(['network', 'list']);
      expect(networks.map((n) => n.ID)).toEqual(
        expect.arrayContaining([choice.network.id, choice.external.id]),
      );
      const network = await c.openstack<Row>(['network', 'show', choice.network.id]);
      expect(network).toMatchObject({ id: choice.network.id, name: choice.network.name });
    });

    it('runs a server with user data and a key pair through create --wait, show, stop, delete --wait', async () => {
      const c = use();
      const choice = await bootChoice(await c.session());
      const keyFile = join(c.home, 'cli-key.pub');
      const dataFile = join(c.home, 'cli-user-data.yaml');
      await writeFile(keyFile, `${sshPublicKey('cli@fedcloud')}\n`);
      await writeFile(dataFile, '#cloud-config\nruncmd: [echo cli]\n');
      const keyName = c.name('cli-key');
      const vmName = c.name('cli-vm');
      const key = await c.openstack<Row>(['keypair', 'create', '--public-key', keyFile, keyName]);
      expect(key).toMatchObject({ name: keyName });
      try {
        const created = await c.fedcloud([
          'openstack',
          'server',
          'create',
          '--image',
          choice.image.id,
          '--flavor',
          choice.flavor.name,
          '--nic',
          `net-id=${choice.network.id}`,
          '--key-name',
          keyName,
          '--user-data',
          dataFile,
          '--wait',
          '-f',
          'json',
          '--site',
          c.target.siteName,
          '--vo',
          VO,
          vmName,
        ]);
        expect(created.code, created.stderr).toBe(0);
        const server = JSON.parse(created.stdout) as Row;
        expect(server).toMatchObject({ name: vmName, status: 'ACTIVE', key_name: keyName });
        const shown = await c.openstack<Row>(['server', 'show', vmName]);
        expect(shown).toMatchObject({ id: server.id, status: 'ACTIVE' });
        expect(String(shown.flavor)).toContain(choice.flavor.name);
        const list = await c.openstack<Row[]>(['server', 'list', '--name', vmName]);
        expect(list.map((s) => s.ID)).toEqual([server.id]);
        const stopped = await c.fedcloud([
          'openstack',
          'server',
          'stop',
          vmName,
          '--wait',
          '--site',
          c.target.siteName,
          '--vo',
          VO,
        ]);
        expect(stopped.code, stopped.stderr).toBe(0);
        expect((await c.openstack<Row>(['server', 'show', vmName])).status).toBe('SHUTOFF');
        const deleted = await c.fedcloud([
          'openstack',
          'server',
          'delete',
          vmName,
          '--wait',
          '--site',
          c.target.siteName,
          '--vo',
          VO,
        ]);
        expect(deleted.code, deleted.stderr).toBe(0);
        const after = await c.openstack<Row[]>(['server', 'list']);
        expect(after.map((s) => s.Name)).not.toContain(vmName);
      } finally {
        await c.fedcloud([
          'openstack',
          'keypair',
          'delete',
          keyName,
          '--site',
          c.target.siteName,
          '--vo',
          VO,
        ]);
      }
      const keys = await c.openstack<Row[]>(['keypair', 'list']);
      expect(keys.map((k) => k.Name)).not.toContain(keyName);
    });

    it('creates a security group with a rule, and a floating IP, and removes them', async () => {
      const c = use();
      const session = await c.session();
      const choice = await bootChoice(session);
      const groupName = c.name('cli-sg');
      const group = await c.openstack<Row>([
        'security',
        'group',
        'create',
        '--description',
        'cli',
        groupName,
      ]);
      try {
        expect(group).toMatchObject({ name: groupName });
        const rule = await c.openstack<Row>([
          'security',
          'group',
          'rule',
          'create',
          '--protocol',
          'tcp',
          '--dst-port',
          '22',
          '--remote-ip',
          '0.0.0.0/0',
          '--ingress',
          groupName,
        ]);
        expect(rule).toMatchObject({ port_range_min: 22, port_range_max: 22, protocol: 'tcp' });
        const groups = await c.openstack<Row[]>(['security', 'group', 'list']);
        expect(groups.map((g) => g.Name)).toContain(groupName);
      } finally {
        for (const g of await listSecurityGroups(session.client, { name: groupName })) {
          await deleteSecurityGroup(session.client, g.id);
        }
      }
      const ip = await c.openstack<Row>([
        'floating',
        'ip',
        'create',
        '--description',
        c.name('cli-fip'),
        choice.external.id,
      ]);
      expect(ip.floating_ip_address).toEqual(expect.any(String));
      const ips = await c.openstack<Row[]>(['floating', 'ip', 'list']);
      expect(ips.map((row) => row.ID)).toContain(ip.id);
      const removed = await c.fedcloud([
        'openstack',
        'floating',
        'ip',
        'delete',
        String(ip.id),
        '--site',
        c.target.siteName,
        '--vo',
        VO,
      ]);
      expect(removed.code, removed.stderr).toBe(0);
    });

    it('shows absolute limits, the quota and a project token', async () => {
      const c = use();
      const limits = await c.openstack<Row[]>(['limits', 'show', '--absolute']);
      expect(limits.map((row) => row.Name)).toContain('maxTotalInstances');
      const quota = await c.openstack<unknown>(['quota', 'show']);
      expect(JSON.stringify(quota)).toContain('instances');
      const token = await c.openstack<Row>(['token', 'issue']);
      expect(token).toMatchObject({ project_id: c.target.projects[VO] });
    });

    itWith(
      info.capabilities.volumes,
      `no block-storage service at the ${info.kind} target`,
      'lists volumes',
      async () => {
        const volumes = await use().openstack<Row[]>(['volume', 'list']);
        expect(Array.isArray(volumes)).toBe(true);
      },
    );

    it('a token the site refuses is exit code 6, an expired one exit code 3', async () => {
      const c = use();
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: c.target.subjectOf('alice'),
        scope: 'openid profile email eduperson_entitlement',
        email: 'alice@example.org',
        eduperson_entitlement: c.target.entitlementsOf('alice'),
      };
      const foreign = await c.target.signToken({
        ...claims,
        iss: 'https://aai.other-federation.example',
        iat: now,
        exp: now + 600,
      });
      const args = ['openstack', 'image', 'list', '--site', c.target.siteName, '--vo', VO];
      const refused = await c.fedcloud(args, { OIDC_ACCESS_TOKEN: foreign });
      expect(refused.code, refused.stderr).toBe(6);
      // The error lines are on stdout, as fedcloudclient prints them; hints on stderr.
      expect(refused.stdout).toContain(`${c.target.siteName} refused the OIDC token`);
      expect(refused.stdout + refused.stderr).not.toContain(foreign);
      const expired = await c.target.signToken({ ...claims, iat: now - 7200, exp: now - 3600 });
      const late = await c.fedcloud(args, { OIDC_ACCESS_TOKEN: expired });
      expect(late.code, late.stderr).toBe(3);
      expect(late.stdout).toMatch(/expired/i);
    });

    it('an unknown server is an error with the openstackclient message and exit code 7', async () => {
      const c = use();
      const run = await c.fedcloud([
        'openstack',
        'server',
        'show',
        'no-such-vm',
        '--site',
        c.target.siteName,
        '--vo',
        VO,
      ]);
      expect(run.code).toBe(7);
      expect(run.stdout).toBe(
        "Error code:  7\nError message:  No server with a name or ID of 'no-such-vm' exists.\n",
      );
    });

    itWith(
      pythonPresent || requirePython,
      'the python openstack client is not installed',
      'runs a command it has no native form for through the python client',
      async () => {
        const c = use();
        expect(c.openstackCli, 'the python openstack client').toBeDefined();
        const session = await c.session();
        const { network } = await bootChoice(session);
        const subnets = await c.openstack<Row[]>(['subnet', 'list', '--network', network.id]);
        expect(subnets.map((s) => s.ID)).toEqual(network.subnets);
        const catalog = await c.openstack<Row[]>(['catalog', 'list']);
        expect(catalog.map((entry) => entry.Type)).toEqual(
          expect.arrayContaining(['compute', 'image', 'network', 'identity']),
        );
      },
    );
  });
}
