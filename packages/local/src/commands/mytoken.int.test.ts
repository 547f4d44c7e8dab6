import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EphemeralSandbox, startEphemeralSandbox } from '@fedcloud/sandbox/testing';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

describe('fedcloud-sandbox mytoken and env, against a running sandbox', () => {
  let sandbox: EphemeralSandbox;
  const cli = (...args: string[]) =>
    run(process.execPath, [BIN, '--data-dir', sandbox.files.dataDir, ...args]);

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ sites: 1 });
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('prints a mytoken with the asked restrictions, which the mytoken server honours', async () => {
    const { stdout } = await cli('mytoken', 'alice', '--uses', '1', '--expires-in', '300');
    const mytoken = stdout.trim();
    const claims = decodeJwt(mytoken);
    expect(claims).toMatchObject({ iss: sandbox.mytokenUrl, restrictions: [{ usages_AT: 1 }] });
    expect(claims.exp! - claims.iat!).toBe(300);
    const exchange = () =>
      sandbox.fetch(`${sandbox.mytokenUrl}/api/v0/token/access`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'mytoken', mytoken }),
      });
    expect((await exchange()).status).toBe(200);
    expect((await exchange()).status).toBe(403);
  });

  it('refuses unknown users and bad flags', async () => {
    const unknown = await cli('mytoken', 'mallory').catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(unknown).toMatchObject({ code: 1 });
    expect((unknown as { stderr: string }).stderr).toMatch(/no seeded user "mallory"/);
    const bad = await cli('mytoken', 'alice', '--expires-in', '0').catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((bad as { stderr: string }).stderr).toMatch(/--expires-in must be a whole number ≥ 1/);
  });

  it('exports the Vault and the mytoken server with the rest', async () => {
    const { stdout } = await cli('env');
    expect(stdout).toContain(`export FEDCLOUD_VAULT_URL='${sandbox.vaultUrl}'\n`);
    expect(stdout).toContain(`export FEDCLOUD_MYTOKEN_SERVER='${sandbox.mytokenUrl}'\n`);
  });
});
