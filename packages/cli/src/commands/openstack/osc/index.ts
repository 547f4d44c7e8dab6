import { RESOURCE_COMMANDS } from './resources.js';
import type { NativeCommand } from './registry.js';
import { SERVER_COMMANDS } from './servers.js';

/** Every openstack command this CLI runs in process (the rest go to the python client). */
export const NATIVE_COMMANDS: NativeCommand[] = [...SERVER_COMMANDS, ...RESOURCE_COMMANDS];

export function nativeCommandNames(): string[] {
  return NATIVE_COMMANDS.map((c) => c.path.join(' ')).sort();
}
