import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EphemeralSandbox, startEphemeralSandbox } from '@fedcloud/sandbox/testing';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

// The `fedcloud-sandbox` commands talk to a running sandbox through its data folder's control file.
describe('a running sandbox', () => {
  let sandbox: EphemeralSandbox;

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ buildDelayMs: 200 });
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('prints a fresh token with `fedcloud-sandbox token` and refuses unknown users', async () => {
    const { stdout } = await run(process.execPath, [
      BIN,
      '--data-dir',
      sandbox.files.dataDir,
      'token',
      'bob',
    ]);
    const claims = decodeJwt(stdout.trim());
    expect(claims.iss).toBe(sandbox.issuerUrl);
    expect(claims.exp! - claims.iat!).toBeGreaterThan(60);
    const failure = await run(process.execPath, [
      BIN,
      '--data-dir',
      sandbox.files.dataDir,
      'token',
      'mallory',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(
      /no seeded user "mallory".*alice, bob, carol/,
    );
  });

  it('changes faults through `fedcloud-sandbox fault` and validates its flags', async () => {
    await run(process.execPath, [
      BIN,
      '--data-dir',
      sandbox.files.dataDir,
      'fault',
      'SANDBOX-GAMMA',
      '--latency',
      '20',
    ]);
    expect(sandbox.site('SANDBOX-GAMMA').context.faults.latencyMs).toBe(20);
    await run(process.execPath, [
      BIN,
      '--data-dir',
      sandbox.files.dataDir,
      'fault',
      'SANDBOX-GAMMA',
      '--clear',
    ]);
    expect(sandbox.site('SANDBOX-GAMMA').context.faults.latencyMs).toBe(0);
    const unknown = await run(process.execPath, [
      BIN,
      '--data-dir',
      sandbox.files.dataDir,
      'fault',
      'NOWHERE',
      '--down',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(unknown).toMatchObject({ code: 1 });
    expect((unknown as { stderr: string }).stderr).toMatch(/no site named NOWHERE.*SANDBOX-ALPHA/);
    const bad = await run(process.execPath, [
      BIN,
      '--data-dir',
      sandbox.files.dataDir,
      'fault',
      'SANDBOX-GAMMA',
      '--error-rate',
      '7',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { stderr: string }).stderr).toMatch(/between 0 and 1/);
  });
});
