// Starts a sandbox of N sites in this fresh process and prints start-up time and memory as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@fedcloud/sandbox';

const sites = Number(process.argv[2] ?? 3);
const dataDir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-'));
const t0 = performance.now();
const sandbox = await startSandbox({ dataDir, sites, issuerPort: 0, controlPort: 0, sitesPort: 0 });
const startMs = performance.now() - t0;
globalThis.gc?.();
const { rss, heapUsed } = process.memoryUsage();

// Prove the last site works: a federated login through its Keystone, then a Nova call.
const last = sandbox.sites.at(-1);
const token = await sandbox.tokenFor('alice');
const t1 = performance.now();
const auth = await sandbox.fetch(
  `${last.identityUrl}/OS-FEDERATION/identity_providers/egi.eu/protocols/openid/auth`,
  {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  },
);
const loginMs = performance.now() - t1;
await sandbox.stop();
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ sites, startMs, rssMiB: rss / 2 ** 20, heapMiB: heapUsed / 2 ** 20, loginStatus: auth.status, loginMs })}\n`,
);
