import { FLAVOR_COMMANDS } from './flavors.js';
import { FLOATING_IP_COMMANDS } from './floating-ips.js';
import { IMAGE_COMMANDS } from './images.js';
import { KEYPAIR_COMMANDS } from './keypairs.js';
import { NETWORK_COMMANDS } from './networks.js';
import { QUOTA_COMMANDS } from './quotas.js';
import type { NativeCommand } from './registry.js';
import { SECURITY_GROUP_COMMANDS } from './security-groups.js';
import { TOKEN_COMMANDS } from './token.js';
import { VOLUME_COMMANDS } from './volumes.js';

// `fedcloud select` filters these listings' rows.
export { flavorRows } from './flavors.js';
export { imageRows } from './images.js';
export { networkRows } from './networks.js';

/** The native commands on everything but servers, in the order `--help` has always named them. */
export const RESOURCE_COMMANDS: NativeCommand[] = [
  ...FLAVOR_COMMANDS,
  ...KEYPAIR_COMMANDS,
  ...QUOTA_COMMANDS,
  ...TOKEN_COMMANDS,
  ...IMAGE_COMMANDS,
  ...NETWORK_COMMANDS,
  ...SECURITY_GROUP_COMMANDS,
  ...FLOATING_IP_COMMANDS,
  ...VOLUME_COMMANDS,
];
