import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxOptionsInput } from '../options.js';
import { type Sandbox, startSandbox } from '../sandbox.js';

export interface EphemeralSandbox extends Sandbox {
  /** Stops the sandbox and deletes its data folder. */
  cleanup(): Promise<void>;
}

/**
 * A sandbox for other packages' tests: a throw-away data folder, free ports, a short BUILD phase.
 * Options override these defaults (pass `dataDir` to restart on the same state).
 */
export async function startEphemeralSandbox(
  options: Partial<SandboxOptionsInput> = {},
): Promise<EphemeralSandbox> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'fedcloud-sandbox-')));
  const sandbox = await startSandbox({
    sites: 3,
    issuerPort: 0,
    controlPort: 0,
    sitesPort: 0,
    buildDelayMs: 100,
    ...options,
    dataDir,
  });
  return Object.assign(sandbox, {
    async cleanup() {
      await sandbox.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
