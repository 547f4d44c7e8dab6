import { badRequest, conflict } from './errors.js';
import type { ServerRecord } from './server-model.js';

/** The console exists only while the guest runs (InstanceNotReady → 409). */
export function requireRunning(server: ServerRecord): void {
  if (server.vmState !== 'active') throw conflict(`Instance ${server.id} is not ready`);
}

/** Nova answers unsupported console kinds with ConsoleTypeUnavailable (400). */
export function checkConsoleType(type: string): void {
  if (type !== 'novnc') throw badRequest(`Unavailable console type ${type}.`);
}
