import { randomInt } from 'node:crypto';
import type { ServerPort } from '../network/index.js';
import type { SiteContext } from '../site/context.js';
import { badRequest, conflict } from './errors.js';
import type { FlavorRecord } from './flavor-model.js';

/** nova/compute/vm_states.py (the subset the sandbox reaches). */
export type VmState =
  'building' | 'active' | 'stopped' | 'paused' | 'suspended' | 'resized' | 'error' | 'deleted';

/** nova/compute/power_state.py */
export const POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, SUSPENDED: 7 } as const;

/** What a server keeps of its flavor; Nova too embeds a copy, so deleting a flavor changes nothing. */
export type FlavorSnapshot = Pick<
  FlavorRecord,
  'id' | 'name' | 'vcpus' | 'ram' | 'disk' | 'ephemeral' | 'swap' | 'extraSpecs'
>;

interface ServerFault {
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
  /** While VERIFY_RESIZE: the flavor and state to go back to on revertResize. */
  resize?: { oldFlavor: FlavorSnapshot; fromState: 'active' | 'stopped' } | null;
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
    case 'resized':
      return 'VERIFY_RESIZE';
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

/** task_state while building: scheduling for the first half of the delay, then spawning. */
export function buildTaskState(site: SiteContext, server: ServerRecord): string | null {
  if (server.vmState !== 'building') return server.taskState;
  const start = Date.parse(server.createdAt);
  const end = Date.parse(server.readyAt);
  return site.now().getTime() < start + (end - start) / 2 ? 'scheduling' : 'spawning';
}

/** nova/compute/api.py check_instance_lock: a locked server refuses changes except from admins. */
export function checkNotLocked(server: ServerRecord, isAdmin: boolean): void {
  if (server.locked && !isAdmin) throw conflict(`Instance ${server.id} is locked`);
}

/** nova/utils.py sanitize_hostname: lower case, spaces and underscores to dashes, at most 63. */
export function sanitizeHostname(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[ _]/g, '-')
    .replace(/[^\w.-]+/g, '')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63);
  return cleaned || 'server';
}

/** InstanceUserDataMalformed: user_data must be valid base64. */
export function validateUserData(data: string): void {
  const compact = data.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw badRequest('User data needs to be valid base 64.');
  }
}

export function toBool(value: boolean | string | null | undefined, message: string): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  const v = value.toLowerCase();
  if (['true', '1', 't', 'yes', 'y', 'on'].includes(v)) return true;
  if (['false', '0', 'f', 'no', 'n', 'off'].includes(v)) return false;
  throw badRequest(message);
}

/** flavorRef / imageRef may be an id or a link ending in it. */
export function lastSegment(ref: string): string {
  const trimmed = ref.trim().replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Nova's generated admin passwords: 12 characters without look-alikes (nova/utils.py generate_password). */
export function password(): string {
  const symbols = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  return Array.from({ length: 12 }, () => symbols[randomInt(symbols.length)]).join('');
}
