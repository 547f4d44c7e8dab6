// Starts, in this fresh process, N sandbox sites alone (`sites`) or the whole local federation
// that `npm start` runs (`federation`: sites, hub, one agent per site, first cycles done), and
// prints the time to ready and the peak RSS as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFederation } from '@fedcloud/local';
import { startSandbox } from '@fedcloud/sandbox';

const mode = process.argv[2] ?? 'federation';
const sites = Number(process.argv[3] ?? 3);
const dataDir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-fed-'));
const t0 = performance.now();
const sandbox = await startSandbox({ dataDir, sites, issuerPort: 0, controlPort: 0, sitesPort: 0 });
const federation =
  mode === 'federation'
    ? await startFederation(sandbox, {
        hubPort: 0,
        dashboardDir: false,
        agentIntervalSeconds: 3600,
      })
    : undefined;
const startMs = performance.now() - t0;
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;
const failed = federation?.firstCycles.filter((cycle) => !cycle.ok).length ?? 0;
// maxRSS is in KiB: the peak of the whole start, not what is left after it.
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
await federation?.stop();
await sandbox.stop();
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ mode, sites, startMs, cpuMs, peakRssMiB, failed })}\n`);
