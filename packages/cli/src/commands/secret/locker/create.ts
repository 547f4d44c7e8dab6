import { createLocker, type VaultAuth } from '@fedcloud/sdk';
import type { CliContext } from '../../../context.js';
import type { OidcFlags, VaultFlags } from '../../../options.js';
import { writeOut } from '../../../render/write.js';
import type { Runtime } from '../../../runtime.js';
import type { SecretFormat } from '../output-format.js';
import { formatSecret } from '../render/secret-output.js';
import { vaultConnection } from '../vault.js';

export interface LockerCreateFlags extends OidcFlags, VaultFlags {
  ttl: string;
  numUses: number;
  outputFormat?: SecretFormat;
  verbose?: boolean;
}

/** A new locker; its token is what a VM or a pipeline is given instead of yours. */
export async function createMyLocker(
  runtime: Runtime,
  flags: LockerCreateFlags,
): Promise<VaultAuth> {
  const conn = vaultConnection(runtime, flags);
  const accessToken = await runtime.tokens(flags).getAccessToken();
  return createLocker(conn, accessToken, { ttl: flags.ttl, numUses: flags.numUses });
}

/** The locker token alone (for `$(...)`), or with --verbose everything Vault said about it. */
export function renderLocker(
  ctx: Pick<CliContext, 'stdout'>,
  auth: VaultAuth,
  flags: Pick<LockerCreateFlags, 'outputFormat' | 'verbose'>,
): void {
  writeOut(ctx, flags.verbose ? formatSecret(flags.outputFormat, auth) : `${auth.client_token}\n`);
}
