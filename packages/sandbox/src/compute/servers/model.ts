import type { ServerPort } from '../../network/index.js';
import type { SiteContext } from '../../site/context.js';

export const SERVER_KIND = 'compute.server';

/** nova/compute/vm_states.py (the subset the sandbox reaches). */
export type VmState =
  'building' | 'active' | 'stopped' | 'paused' | 'suspended' | 'error' | 'deleted';

/** nova/compute/power_state.py */
export const POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, SUSPENDED: 7 } as const;

/** What a server keeps of its flavor; Nova too embeds a copy, so deleting a flavor changes nothing. */
export interface FlavorSnapshot {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  extraSpecs: Record<string, string>;
}

export interface ServerFault {
  code: number;
  message: string;
  created: string;
  details?: string;
}

/** One Nova instance as the sandbox stores it (internal shape; views render the wire shape). */
export interface ServerRecord {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  /** null when booted from a volume (the API then shows `image: ""`). */
  imageId: string | null;
  flavor: FlavorSnapshot;
  vmState: VmState;
  taskState: string | null;
  powerState: number;
  /** Decided when the build starts: `site.faults.failBuilds` sends it to ERROR. */
  buildOutcome: 'active' | 'error';
  /** When the BUILD phase ends (created + site.spec.buildDelayMs). */
  readyAt: string;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  terminatedAt: string | null;
  metadata: Record<string, string>;
  keyName: string | null;
  keyData: string | null;
  securityGroups: string[];
  availabilityZone: string;
  configDrive: boolean;
  description: string | null;
  tags: string[];
  locked: boolean;
  lockedReason: string | null;
  userData: string | null;
  accessIPv4: string;
  accessIPv6: string;
  diskConfig: 'MANUAL' | 'AUTO';
  host: string;
  hostname: string;
  instanceName: string;
  reservationId: string;
  launchIndex: number;
  rootDeviceName: string;
  fault: ServerFault | null;
  /** Ports created or bound at boot, for os-interface. */
  ports: ServerPort[];
  /** delete_on_termination of volumes attached through the API or at boot. */
  volumeFlags: Record<string, boolean>;
}

/**
 * Nova's server status is derived from vm_state and task_state
 * (nova/api/openstack/common.py _STATE_MAP).
 */
export function serverStatus(server: ServerRecord): string {
  switch (server.vmState) {
    case 'building':
      return 'BUILD';
    case 'active':
      if (server.taskState === 'rebooting') return 'REBOOT';
      if (server.taskState === 'rebooting_hard') return 'HARD_REBOOT';
      return 'ACTIVE';
    case 'stopped':
      return 'SHUTOFF';
    case 'paused':
      return 'PAUSED';
    case 'suspended':
      return 'SUSPENDED';
    case 'error':
      return 'ERROR';
    case 'deleted':
      return 'DELETED';
  }
}

export const KNOWN_STATUSES = [
  'ACTIVE',
  'BUILD',
  'DELETED',
  'ERROR',
  'HARD_REBOOT',
  'MIGRATING',
  'PASSWORD',
  'PAUSED',
  'REBOOT',
  'REBUILD',
  'RESCUE',
  'RESIZE',
  'REVERT_RESIZE',
  'SHELVED',
  'SHELVED_OFFLOADED',
  'SHUTOFF',
  'SOFT_DELETED',
  'SUSPENDED',
  'UNKNOWN',
  'VERIFY_RESIZE',
];

/**
 * Brings a BUILD server up to date without timers: once `readyAt` has passed it becomes ACTIVE
 * (or ERROR) and the change is written back, so a restarted sandbox keeps the state and `updated`
 * is the transition time, not the time of the read.
 */
export function refreshServer(site: SiteContext, server: ServerRecord): ServerRecord {
  if (server.vmState !== 'building') return server;
  const readyAt = Date.parse(server.readyAt);
  if (site.now().getTime() < readyAt) return server;
  const at = new Date(readyAt).toISOString();
  if (server.buildOutcome === 'active') {
    server.vmState = 'active';
    server.powerState = POWER.RUNNING;
    server.launchedAt = at;
  } else {
    server.vmState = 'error';
    server.powerState = POWER.NOSTATE;
    // What the conductor records when the scheduler finds no host.
    server.fault = { code: 500, message: 'No valid host was found. ', created: at };
  }
  server.taskState = null;
  server.updatedAt = at;
  site.store.put(SERVER_KIND, server.id, server, new Date(readyAt));
  return server;
}

/** task_state while building: scheduling for the first half of the delay, then spawning. */
export function buildTaskState(site: SiteContext, server: ServerRecord): string | null {
  if (server.vmState !== 'building') return server.taskState;
  const start = Date.parse(server.createdAt);
  const end = Date.parse(server.readyAt);
  return site.now().getTime() < start + (end - start) / 2 ? 'scheduling' : 'spawning';
}

export function saveServer(site: SiteContext, server: ServerRecord): void {
  server.updatedAt = site.now().toISOString();
  site.store.put(SERVER_KIND, server.id, server, site.now());
}

export function loadServer(site: SiteContext, id: string): ServerRecord | undefined {
  const server = site.store.get<ServerRecord>(SERVER_KIND, id);
  return server ? refreshServer(site, server) : undefined;
}

/** All servers of one project (or of the site), deleted ones included, refreshed. */
export function loadServers(site: SiteContext, projectId?: string): ServerRecord[] {
  const options = projectId === undefined ? {} : { projectId };
  return site.store.list<ServerRecord>(SERVER_KIND, options).map((s) => refreshServer(site, s));
}

/** What a project's live servers use, for quotas and limits. */
export function serverUsage(
  site: SiteContext,
  projectId: string,
): { instances: number; cores: number; ram: number } {
  const usage = { instances: 0, cores: 0, ram: 0 };
  for (const server of site.store.list<ServerRecord>(SERVER_KIND, { projectId })) {
    if (server.vmState === 'deleted') continue;
    usage.instances += 1;
    usage.cores += server.flavor.vcpus;
    usage.ram += server.flavor.ram;
  }
  return usage;
}
