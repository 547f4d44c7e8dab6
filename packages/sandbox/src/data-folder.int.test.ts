import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEphemeralSandbox } from './testing/ephemeral.js';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

/**
 * The data folder holds the issuer's signing key, the CA key, the agents' secrets and the
 * clouds.yaml passwords: another local user must not read any of them.
 */
describe('the sandbox data folder', () => {
  let parent: string;
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'fedcloud-sandbox-modes-'));
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('tightens a folder and a database that already exist with wide modes', async () => {
    const dataDir = join(parent, 'data');
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    await writeFile(join(dataDir, 'sandbox.db'), '', { mode: 0o644 });
    await chmod(join(dataDir, 'sandbox.db'), 0o644);

    const sandbox = await startEphemeralSandbox({ dataDir, sites: 1 });
    try {
      expect(await mode(dataDir)).toBe(0o700);
      const secrets = [
        'sandbox.db',
        'agents.json',
        'clouds.yaml',
        'pki/ca-key.pem',
        'pki/server-key.pem',
      ];
      const modes = await Promise.all(secrets.map(async (f) => [f, await mode(join(dataDir, f))]));
      expect(modes).toEqual(secrets.map((f) => [f, 0o600]));
      for (const name of await readdir(dataDir)) {
        if (/^sandbox\.db-(wal|shm)$/.test(name)) {
          expect([name, await mode(join(dataDir, name))]).toEqual([name, 0o600]);
        }
      }
      expect(await mode(join(dataDir, 'pki'))).toBe(0o700);
    } finally {
      await sandbox.stop();
    }
  });

  it('keeps a traverse-only folder (0711) that lets a web server read the public CA', async () => {
    const dataDir = join(parent, 'issuer');
    await mkdir(dataDir, { mode: 0o711 });
    await chmod(dataDir, 0o711);
    const sandbox = await startEphemeralSandbox({ dataDir, sites: 1 });
    try {
      expect(await mode(dataDir)).toBe(0o711);
      expect(await mode(join(dataDir, 'sandbox.db'))).toBe(0o600);
      expect(await mode(join(dataDir, 'ca.pem'))).toBe(0o644);
    } finally {
      await sandbox.stop();
    }
  });
});
