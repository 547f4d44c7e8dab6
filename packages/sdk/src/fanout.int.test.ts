import { listServers, type Transport } from '@fedcloud/openstack';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fanOut } from './fanout.js';
import { openSiteSession } from './session.js';
import { folderDirectory } from './sites/index.js';
import { createTransport } from './transport.js';

let sandbox: EphemeralSandbox;
let transport: Transport;

beforeAll(async () => {
  sandbox = await startEphemeralSandbox({
    sites: 3,
    buildDelayMs: 100,
  });
  transport = createTransport({ caFile: sandbox.files.caFile!, timeoutMs: 30_000 });
});

afterAll(async () => {
  // destroy, not close: the hung site's socket would never drain.
  await transport?.dispatcher?.destroy();
  await sandbox?.cleanup();
});

it('keeps going past a hung site and a dead one, in site order, within about the timeout', async () => {
  const token = await sandbox.tokenFor('alice');
  const tokens = {
    kind: 'access-token' as const,
    refreshable: false,
    getAccessToken: async () => token,
  };
  const sites = await folderDirectory(sandbox.files.sitesDir).listSites();
  await sandbox.setFaults('SANDBOX-BETA', { hang: true });
  await sandbox.setFaults('SANDBOX-GAMMA', { down: true });
  const timeoutMs = 2000;
  const progress: number[] = [];

  const started = performance.now();
  const rows = await fanOut(
    sites,
    async (site, signal) => {
      const session = await openSiteSession(site, 'vo.access.egi.eu', {
        transport,
        tokens,
        signal,
      });
      return listServers(session.client, {}, { signal });
    },
    { timeoutMs, onSettled: (done) => progress.push(done) },
  );
  const elapsed = performance.now() - started;

  expect(rows.map((row) => [row.key.name, row.ok, row.error?.code])).toEqual([
    ['SANDBOX-ALPHA', true, undefined],
    ['SANDBOX-BETA', false, 'SITE_TIMEOUT'],
    ['SANDBOX-GAMMA', false, 'SITE_UNREACHABLE'],
  ]);
  expect(rows[1]?.error?.message).toBe('no answer from SANDBOX-BETA within 2 s');
  expect(rows[1]?.ms).toBeGreaterThanOrEqual(timeoutMs - 50);
  expect(rows[2]?.error?.message).toContain('ECONNREFUSED');
  expect(elapsed).toBeLessThan(timeoutMs + 2000);
  expect(progress).toEqual([1, 2, 3]);

  await sandbox.setFaults('SANDBOX-BETA', { hang: false });
  await sandbox.setFaults('SANDBOX-GAMMA', { down: false });
});
