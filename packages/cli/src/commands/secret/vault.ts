import {
  FedcloudError,
  openSecretStore,
  resolveVaultUrl,
  type SecretStore,
  type VaultConnection,
} from '@fedcloud/sdk';
import type { LockerTokenFlags, OidcFlags, VaultFlags } from '../../options.js';
import type { Runtime } from '../../runtime.js';

export type SecretTokenFlags = OidcFlags & LockerTokenFlags & VaultFlags;

/** Vault through the run's transport: --ca-file / FEDCLOUD_CA_FILE, --timeout and --debug apply. */
export function vaultConnection(runtime: Runtime, flags: VaultFlags): VaultConnection {
  return {
    url: resolveVaultUrl(flags.vaultUrl, runtime.ctx.env),
    transport: runtime.transport,
  };
}

/**
 * A locker's cubbyhole when a locker token is given (no OIDC token is needed then, as in
 * fedcloudclient), else the user's own secrets, logged in with their OIDC access token.
 */
export async function secretStore(runtime: Runtime, flags: SecretTokenFlags): Promise<SecretStore> {
  const conn = vaultConnection(runtime, flags);
  if (flags.lockerToken) return openSecretStore(conn, { lockerToken: flags.lockerToken });
  const accessToken = await runtime.tokens(flags).getAccessToken();
  return openSecretStore(conn, { accessToken });
}

/** get, put and delete name one secret: an empty path would address the folder itself. */
export function secretPath(path: string): string {
  if (path.replace(/\//g, '') === '') {
    throw new FedcloudError('USAGE', 'A secret path is needed, like my_app or my_app/db', {
      hint: '`fedcloud secret list` shows what is stored.',
    });
  }
  return path;
}
