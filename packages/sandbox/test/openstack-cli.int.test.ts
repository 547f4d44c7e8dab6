import { execFile } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox } from '../src/index.js';
import { startTestSandbox } from './helpers.js';

const run = promisify(execFile);

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

const openstack = onPath('openstack');
const required = process.env.FEDCLOUD_REQUIRE_OPENSTACK_CLI === '1';
if (!openstack && !required) {
  console.warn(
    '\n*** SKIPPED: the real python `openstack` client is not on PATH; install python3-openstackclient to run the compatibility tests. ***\n',
  );
}

/** The seed's VM walk-through, driven by the real python-openstackclient against a sandbox site. */
describe.skipIf(!openstack && !required)(
  'the real python openstack client against a sandbox site',
  () => {
    let sandbox: Sandbox & { cleanup(): Promise<void> };
    let work: string;

    beforeAll(async () => {
      sandbox = await startTestSandbox({ buildDelayMs: 300 });
      work = sandbox.files.dataDir;
      writeFileSync(
        join(work, 'cloud-init.yaml'),
        '#cloud-config\npackages: [nginx]\nruncmd:\n  - echo hello > /tmp/hello\n',
      );
    });
    afterAll(async () => {
      await sandbox?.cleanup();
    });

    async function cli(args: string[], auth: { args: string[]; env: Record<string, string> }) {
      const env: Record<string, string> = {};
      // Only what the client needs: a stray OS_* variable from the developer's shell must not leak in.
      for (const key of ['PATH', 'HOME', 'LANG'])
        if (process.env[key]) env[key] = process.env[key]!;
      try {
        const { stdout } = await run(
          openstack ?? 'openstack',
          ['--os-cacert', sandbox.files.caFile!, ...auth.args, ...args],
          { env: { ...env, ...auth.env }, timeout: 90_000, maxBuffer: 10 * 2 ** 20 },
        );
        return stdout;
      } catch (error) {
        const e = error as { stderr?: string; message: string };
        throw new Error(`openstack ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
      }
    }

    async function walkThrough(auth: { args: string[]; env: Record<string, string> }, tag: string) {
      const json = async <T>(args: string[]) =>
        JSON.parse(await cli([...args, '-f', 'json'], auth)) as T;

      const images = await json<{ ID: string; Name: string; Status: string }[]>(['image', 'list']);
      const image = images.find(
        (i) => i.Name.includes('Ubuntu 22.04') && !i.Name.includes('Docker'),
      );
      expect(image?.Status).toBe('active');

      const flavors = await json<{ ID: string; Name: string; RAM: number; VCPUs: number }[]>([
        'flavor',
        'list',
      ]);
      const flavor = flavors.find((f) => f.Name === 'm1.small');
      expect(flavor).toMatchObject({ RAM: 2048, VCPUs: 1 });

      const networks = await json<{ ID: string; Name: string; Subnets: string[] | string }[]>([
        'network',
        'list',
      ]);
      const network = networks.find((n) => n.Name !== 'public');
      expect(network, JSON.stringify(networks)).toBeDefined();

      writeFileSync(
        join(work, `${tag}.pub`),
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhQz1m4OjS8W1Yk1c0m0o6X5wQJ9s9Cq4I1bYl2Zc3d test@fedcloud\n',
      );
      await cli(
        ['keypair', 'create', '--public-key', join(work, `${tag}.pub`), `${tag}-key`],
        auth,
      );

      const created = await json<{ id: string; name: string }>([
        'server',
        'create',
        '--image',
        image!.ID,
        '--flavor',
        'm1.small',
        '--nic',
        `net-id=${network!.ID}`,
        '--user-data',
        join(work, 'cloud-init.yaml'),
        '--key-name',
        `${tag}-key`,
        `${tag}-vm`,
      ]);
      expect(created.name).toBe(`${tag}-vm`);

      let shown:
        | { status: string; key_name: string; addresses: unknown; image: string; flavor: string }
        | undefined;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        shown = await json(['server', 'show', created.id]);
        if (shown?.status !== 'BUILD') break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(shown?.status).toBe('ACTIVE');
      expect(shown?.key_name).toBe(`${tag}-key`);
      expect(JSON.stringify(shown?.addresses)).toMatch(/\d+\.\d+\.\d+\.\d+/);

      const console = await json<{ type: string; url: string }>([
        'console',
        'url',
        'show',
        created.id,
      ]);
      expect(console.type).toBe('novnc');
      expect(console.url).toMatch(/^https:\/\/.*vnc/);

      const table = await cli(['server', 'list', '-c', 'ID', '-c', 'Name'], auth);
      expect(table).toMatch(/\|\s+ID\s+\|\s+Name\s+\|/);
      expect(table).toContain(created.id);
      expect(table).toContain(`${tag}-vm`);

      await cli(['server', 'delete', created.id], auth);
      const after = await json<{ ID: string }[]>(['server', 'list']);
      expect(after.map((s) => s.ID)).not.toContain(created.id);
    }

    it('runs the VM life cycle with an OIDC access token (v3oidcaccesstoken)', async () => {
      const site = sandbox.site('SANDBOX-BETA');
      const project = site.vos.find((v) => v.vo === 'vo.access.egi.eu')!;
      const token = await sandbox.tokenFor('alice');
      await walkThrough(
        {
          args: [
            '--os-auth-url',
            site.identityUrl,
            '--os-auth-type',
            'v3oidcaccesstoken',
            '--os-identity-provider',
            'egi.eu',
            '--os-protocol',
            'openid',
            '--os-access-token',
            token,
            '--os-project-id',
            project.projectId,
          ],
          env: {},
        },
        'oidc',
      );
    });

    it('runs the VM life cycle with password authentication as the site admin', async () => {
      const site = sandbox.site('SANDBOX-ALPHA');
      await walkThrough(
        {
          args: [
            '--os-auth-url',
            site.identityUrl,
            '--os-project-name',
            'admin',
            '--os-user-domain-name',
            'Default',
            '--os-project-domain-name',
            'Default',
            '--os-username',
            'admin',
          ],
          env: { OS_PASSWORD: site.context.spec.adminPassword },
        },
        'password',
      );
    });

    it('rejects an expired access token the way a real site does', async () => {
      const site = sandbox.site('SANDBOX-ALPHA');
      const now = Math.floor(Date.now() / 1000);
      const expired = await sandbox.issuer.signAccessTokenForTests({
        iss: sandbox.issuerUrl,
        sub: 'x@egi.eu',
        aud: 'fedcloud',
        iat: now - 7200,
        exp: now - 3600,
        scope: 'openid',
      });
      await expect(
        cli(['server', 'list'], {
          args: [
            '--os-auth-url',
            site.identityUrl,
            '--os-auth-type',
            'v3oidcaccesstoken',
            '--os-identity-provider',
            'egi.eu',
            '--os-protocol',
            'openid',
            '--os-access-token',
            expired,
            '--os-project-id',
            site.vos[0]!.projectId,
          ],
          env: {},
        }),
      ).rejects.toThrow(/401|authenticat/i);
    });
  },
);
