import { checkLocker } from '@fedcloud/sdk';
import type { CliContext } from '../../../context.js';
import type { VaultFlags } from '../../../options.js';
import { writeOut } from '../../../render/write.js';
import type { Runtime } from '../../../runtime.js';
import type { SecretFormat } from '../output-format.js';
import { formatSecret } from '../render/secret-output.js';
import { vaultConnection } from '../vault.js';
import { lockerTokenArgument } from './token-argument.js';

/** What Vault says of the locker token (lookup-self): TTL and uses left, policies, … */
export async function checkMyLocker(
  runtime: Runtime,
  flags: VaultFlags,
  given: string | undefined,
): Promise<Record<string, unknown>> {
  const token = lockerTokenArgument(given, runtime.ctx.env);
  return checkLocker(vaultConnection(runtime, flags), token);
}

export function renderLockerCheck(
  ctx: Pick<CliContext, 'stdout'>,
  details: Record<string, unknown>,
  format: SecretFormat | undefined,
): void {
  writeOut(ctx, formatSecret(format, details));
}
