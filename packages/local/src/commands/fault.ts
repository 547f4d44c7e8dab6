import type { FaultsPatch } from '@fedcloud/sandbox';
import { controlRequest, readRunning } from './running.js';

export interface FaultFlags {
  latency?: number;
  keystoneLatency?: number;
  errorRate?: number;
  down?: boolean;
  up?: boolean;
  hang?: boolean;
  failBuilds?: boolean;
  clear?: boolean;
}

/** Pure: which fault fields the flags change. */
export function faultPatch(flags: FaultFlags): FaultsPatch {
  if (flags.clear) {
    return {
      latencyMs: 0,
      keystoneLatencyMs: 0,
      errorRate: 0,
      down: false,
      hang: false,
      failBuilds: false,
    };
  }
  if (flags.down && flags.up) throw new Error('--down and --up contradict each other');
  const patch: FaultsPatch = {};
  if (flags.latency !== undefined) patch.latencyMs = flags.latency;
  if (flags.keystoneLatency !== undefined) patch.keystoneLatencyMs = flags.keystoneLatency;
  if (flags.errorRate !== undefined) patch.errorRate = flags.errorRate;
  if (flags.down) patch.down = true;
  if (flags.up) patch.down = false;
  if (flags.hang !== undefined) patch.hang = flags.hang;
  if (flags.failBuilds !== undefined) patch.failBuilds = flags.failBuilds;
  if (Object.keys(patch).length === 0) {
    throw new Error(
      'say which fault: --latency, --keystone-latency, --error-rate, --down, --up, --hang, --fail-builds or --clear',
    );
  }
  return patch;
}

export async function runFault(dataDir: string, site: string, flags: FaultFlags): Promise<void> {
  const patch = faultPatch(flags);
  const running = await readRunning(dataDir);
  const faults = await controlRequest(
    running,
    'PATCH',
    `/sites/${encodeURIComponent(site)}/faults`,
    patch,
  );
  process.stdout.write(`${site}: ${JSON.stringify(faults)}\n`);
}
