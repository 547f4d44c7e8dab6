import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type CliRun, type CliSandbox, startCliSandbox } from './cli-sandbox.js';

/** The sandbox's own command line, built (`npx tsc -b` first). */
const SANDBOX_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../local/dist/bin.js');

/**
 * A newcomer's first minutes (seed 001): only OIDC_ACCESS_TOKEN exported, then `fedcloud site
 * list` and `fedcloud token list-vos`. Every failure names its remedy; `fedcloud-sandbox env`
 * is all the setting-up the sandbox needs.
 */
describe("a newcomer's first commands", () => {
  let cli: CliSandbox;
  beforeAll(async () => {
    cli = await startCliSandbox();
  });
  afterAll(async () => {
    await cli?.stop();
  });

  /** HOME, PATH and what is given: nothing of the sandbox's set-up. */
  const bare = (extra: Record<string, string>) => ({
    PATH: process.env.PATH,
    HOME: cli.home,
    NO_COLOR: '1',
    ...extra,
  });
  const run = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<CliRun>((done) => {
      execFile(command, args, { env, cwd: cli.home, timeout: 60_000 }, (error, stdout, stderr) => {
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      });
    });

  it('site list without a hub or site folder names FEDCLOUD_HUB and the site folder', async () => {
    const r = await run(
      process.execPath,
      [CLI, 'site', 'list'],
      bare({ OIDC_ACCESS_TOKEN: cli.token }),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('FEDCLOUD_HUB');
    expect(r.stderr).toContain('FEDCLOUD_SITE_CONFIG_DIR');
    expect(r.stderr).toContain('fedcloud-sandbox env');
  });

  it('token list-vos against an untrusted issuer names the CA variables', async () => {
    const r = await run(
      process.execPath,
      [CLI, 'token', 'list-vos'],
      bare({ OIDC_ACCESS_TOKEN: cli.token }),
    );
    expect(r.code).not.toBe(0);
    for (const name of [
      'FEDCLOUD_CA_FILE',
      'OS_CACERT',
      'REQUESTS_CA_BUNDLE',
      'fedcloud-sandbox env',
    ]) {
      expect([name, r.stderr.includes(name)]).toEqual([name, true]);
    }
    expect(r.stderr).not.toContain(cli.token);
  });

  it('an expired token of the sandbox points at fedcloud-sandbox for a new one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await cli.sandbox.issuer.signAccessTokenForTests({
      sub: 'someone',
      iat: now - 7200,
      exp: now - 3600,
    });
    const r = await cli.run(
      ['openstack', 'image', 'list', '--site', 'SANDBOX-ALPHA', '--vo', 'vo.access.egi.eu'],
      {
        OIDC_ACCESS_TOKEN: expired,
      },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('eval "$(npx fedcloud-sandbox env)"');
  });

  it('eval "$(fedcloud-sandbox env)" is all it takes for site list and token list-vos', async () => {
    const dataDir = cli.sandbox.files.dataDir;
    const printed = await run(
      process.execPath,
      [SANDBOX_BIN, '--data-dir', dataDir, 'env'],
      bare({}),
    );
    expect(printed.code).toBe(0);
    const caFile = cli.sandbox.files.caFile!;
    expect(printed.stdout).toContain(`export FEDCLOUD_CA_FILE='${caFile}'`);
    expect(printed.stdout).toContain(`export OS_CACERT='${caFile}'`);
    expect(printed.stdout).toContain(`export REQUESTS_CA_BUNDLE='${caFile}'`);
    expect(printed.stdout).toMatch(/^export OIDC_ACCESS_TOKEN='[\w-]+\.[\w-]+\.[\w-]+'$/m);
    const script = [
      `eval "$(${process.execPath} ${SANDBOX_BIN} --data-dir ${dataDir} env)"`,
      `${process.execPath} ${CLI} site list`,
      `${process.execPath} ${CLI} token list-vos`,
    ].join(' && ');
    const r = await run('/bin/bash', ['-c', script], bare({}));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    for (const site of cli.sandbox.sites) expect(lines).toContain(site.name);
    for (const vo of cli.sandbox.users.find((u) => u.username === 'alice')!.vos) {
      expect(lines).toContain(vo);
    }
  });
});
