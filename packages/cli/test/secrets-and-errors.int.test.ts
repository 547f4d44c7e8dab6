import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliSandbox, startCliSandbox } from './cli-sandbox.js';

const VO = 'vo.access.egi.eu';

describe('secrets stay secret, bad input gets a clear message', () => {
  let cli: CliSandbox;

  beforeAll(async () => {
    cli = await startCliSandbox();
  });
  afterAll(async () => {
    await cli?.stop();
  });

  it('--debug shows every HTTP call but never a token, OIDC or Keystone', async () => {
    const result = await cli.run([
      '--debug',
      'openstack',
      'server',
      'list',
      '--site',
      'ALL_SITES',
      '--vo',
      VO,
      '-j',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const debugLines = result.stderr.split('\n').filter((line) => line.startsWith('[debug]'));
    expect(debugLines.some((line) => /POST .*OS-FEDERATION.*-> 201/.test(line))).toBe(true);
    expect(debugLines.some((line) => /GET .*\/servers\/detail.* -> 200/.test(line))).toBe(true);
    const everything = result.stdout + result.stderr;
    expect(everything).not.toContain(cli.token);
    // Keystone's tokens are Fernet-style (gAAAAA…): none may be printed either.
    expect(everything).not.toMatch(/gAAAAA[\w-]{20,}/);
  });

  it('keeps cached Keystone tokens in 0600 files whose names hold no token', async () => {
    const dir = join(cli.home, '.cache', 'fedcloud', 'keystone');
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^[0-9a-f]{64}\.json$/);
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
      expect(await readFile(join(dir, file), 'utf8')).not.toContain(cli.token);
    }
  });

  it('never serves a cached Keystone token to a forged or garbage OIDC token (exit 3)', async () => {
    // The cache holds a Keystone token for alice's real token (the test above made it).
    const [header, payload, signature] = cli.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    // Same iss and sub, one claim more, alice's signature: a forgery any user could make.
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, admin: true })).toString('base64url')}.${signature}`;
    for (const [token, message] of [
      [forged, 'SANDBOX-ALPHA refused the access token: its signature is invalid'],
      ['garbage-token-value', 'SANDBOX-ALPHA refused the access token, which is not a JWT'],
    ] as const) {
      const result = await cli.run(
        ['openstack', 'image', 'list', '--site', 'SANDBOX-ALPHA', '--vo', VO],
        { OIDC_ACCESS_TOKEN: token },
      );
      // fedcloudclient prints "Error code:  N" and "Error message:  …" on stdout; the hint on stderr.
      const shown = result.stdout + result.stderr;
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/^Error code: {2}3\nError message: {2}/);
      expect(shown).toContain(message);
      expect(shown).not.toContain('may lack membership');
      expect(shown).not.toContain(token);
    }
  });

  it('refuses an expired token without a refresh source and says how to renew', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await cli.sandbox.issuer.signAccessTokenForTests({
      iss: cli.sandbox.issuerUrl,
      sub: 'someone@egi.eu',
      aud: 'fedcloud',
      scope: 'openid',
      iat: now - 7200,
      exp: now - 3600,
    });
    const result = await cli.run(
      ['openstack', 'image', 'list', '--site', 'SANDBOX-ALPHA', '--vo', VO],
      {
        OIDC_ACCESS_TOKEN: expired,
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/expired/i);
    expect(result.stderr).toMatch(/OIDC_AGENT_ACCOUNT|FEDCLOUD_MYTOKEN|OIDC_REFRESH_TOKEN/);
    expect(result.stderr + result.stdout).not.toContain(expired);
  });

  it('names the closest sites for a misspelt one', async () => {
    const result = await cli.run([
      'openstack',
      'image',
      'list',
      '--site',
      'SANDBOX-ALHPA',
      '--vo',
      VO,
    ]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/SANDBOX-ALHPA/);
    expect(result.stderr).toMatch(/Did you mean.*SANDBOX-ALPHA/);
  });

  it('says which VOs a site has when asked for one it lacks', async () => {
    const result = await cli.run([
      'site',
      'env',
      '--site',
      'SANDBOX-GAMMA',
      '--vo',
      'training.egi.eu',
    ]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/training\.egi\.eu/);
    expect(result.stderr).toMatch(/vo\.access\.egi\.eu/);
  });

  it('explains how to get a token when there is none', async () => {
    const result = await cli.run(['token', 'list-vos'], { OIDC_ACCESS_TOKEN: undefined });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/OIDC_ACCESS_TOKEN/);
  });

  it('points at the position of a malformed select spec', async () => {
    const result = await cli.run([
      'select',
      'flavor',
      '--site',
      'SANDBOX-ALPHA',
      '--vo',
      VO,
      '--flavor-specs',
      'VCPUs >> 2',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/position|column|at \d+/i);
  });
});
