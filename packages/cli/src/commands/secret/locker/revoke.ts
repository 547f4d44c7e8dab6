import { revokeLocker } from '@fedcloud/sdk';
import type { VaultFlags } from '../../../options.js';
import type { Runtime } from '../../../runtime.js';
import { vaultConnection } from '../vault.js';
import { lockerTokenArgument } from './token-argument.js';

/** Revokes the locker token; Vault deletes the locker's contents with it. */
export async function revokeMyLocker(
  runtime: Runtime,
  flags: VaultFlags,
  given: string | undefined,
): Promise<void> {
  await revokeLocker(vaultConnection(runtime, flags), lockerTokenArgument(given, runtime.ctx.env));
}
