import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subFor } from '../oidc/index.js';
import { type EphemeralSandbox, startEphemeralSandbox } from '../testing/ephemeral.js';

/**
 * The real Python Vault client, hvac (Debian's python3-hvac 0.11.2, what fedcloudclient 1.4.4
 * builds on), against the sandbox Vault over HTTPS: if hvac accepts every answer, the real
 * `fedcloud secret` commands do too.
 */
const SCRIPT = fileURLToPath(new URL('./hvac-client.py', import.meta.url));

/** The first Python that imports hvac: PATH's python3 may be a pyenv without Debian's packages. */
function pythonWithHvac(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import hvac'], { stdio: 'ignore', timeout: 30_000 });
      return python;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

const python = pythonWithHvac();
const required = process.env.FEDCLOUD_REQUIRE_HVAC === '1';
if (!python && !required) {
  console.warn(
    'SKIPPED hvac against the sandbox Vault: no python3 with hvac (apt-get install python3-hvac; set FEDCLOUD_REQUIRE_HVAC=1 to make this a failure)',
  );
}

const DENIED = ['1 error occurred:\n\t* permission denied\n\n'];

describe.skipIf(!python && !required)('hvac against the sandbox Vault', () => {
  let sandbox: EphemeralSandbox;

  beforeAll(async () => {
    if (!python) throw new Error('FEDCLOUD_REQUIRE_HVAC=1 but no python3 imports hvac');
    sandbox = await startEphemeralSandbox({ sites: 1 });
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('logs in, keeps secrets, makes a locker and is refused elsewhere', async () => {
    const env = {
      ...process.env,
      VAULT_ADDR: sandbox.vaultUrl,
      OIDC_ACCESS_TOKEN: await sandbox.tokenFor('alice'),
      OTHER_SUB: subFor('bob'),
      REQUESTS_CA_BUNDLE: sandbox.files.caFile!,
    };
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(python!, [SCRIPT], { env, timeout: 60_000 }, (error, out, err) => {
        if (error) reject(new Error(`hvac-client.py failed: ${err || error.message}`));
        else resolve(out);
      });
    });
    const result = JSON.parse(stdout);
    expect(result.login).toEqual({
      policies: ['default', 'fedcloud-user'],
      token_policies: ['default', 'fedcloud-user'],
      metadata: { role: 'fedcloud' },
      lease_duration: 3600,
      renewable: true,
      entity_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token_type: 'service',
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    });
    expect(result.authenticated).toBe(true);
    expect(result.read).toEqual({
      data: { user: 'admin', password: 'second' },
      lease_duration: 2_764_800,
    });
    expect(result.list).toEqual(['app', 'certs/']);
    expect(result.other_user).toEqual({ exception: 'Forbidden', errors: DENIED });
    expect(result.other_user_write).toEqual({ exception: 'Forbidden', errors: DENIED });
    expect(result.renew).toBe(86_400);
    expect(result.locker).toEqual({
      policies: ['default'],
      token_policies: ['default'],
      metadata: null,
      lease_duration: 86_400,
      renewable: false,
      token_type: 'service',
      orphan: false,
      mfa_requirement: null,
      num_uses: 10,
    });
    // The lookup is the locker's first use.
    expect(result.lookup_self).toEqual({
      num_uses: 9,
      policies: ['default'],
      ttl: expect.any(Number),
      renewable: false,
      orphan: false,
      path: 'auth/token/create',
    });
    expect(result.lookup_self.ttl).toBeGreaterThan(86_300);
    expect(result.cubbyhole_form_write).toBe(204);
    expect(result.cubbyhole_read).toEqual({ k: 'v' });
    expect(result.cubbyhole_list).toEqual(['app', 'json']);
    expect(result.locker_reads_secrets).toEqual({ exception: 'Forbidden', errors: DENIED });
    expect(result.after_revoke).toEqual({ exception: 'Forbidden', errors: DENIED });
    expect(result.after_delete).toEqual({ exception: 'InvalidPath', errors: [] });
    expect(result.list_after_delete).toEqual(['certs/']);
  });
});
