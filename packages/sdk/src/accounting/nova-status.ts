import type { CloudStatus } from './cloud-record.js';

/** cASO's map from a Nova server status to a cloud record's (caso/extract/openstack/nova.py). */
const STATUS_MAP: Readonly<Record<string, CloudStatus>> = {
  active: 'started',
  build: 'started',
  confirming_resize: 'started',
  deleted: 'completed',
  error: 'error',
  hard_reboot: 'started',
  migrating: 'started',
  paused: 'paused',
  password: 'started',
  reboot: 'started',
  rebuild: 'started',
  rescue: 'started',
  resize: 'started',
  revert_resize: 'started',
  verify_resize: 'started',
  shutoff: 'completed',
  suspended: 'suspended',
  terminated: 'completed',
  stopped: 'stopped',
  saving: 'started',
  unknown: 'unknown',
};

export function cloudStatusOf(novaStatus: string): CloudStatus {
  return STATUS_MAP[novaStatus.toLowerCase()] ?? 'unknown';
}
