import { FedcloudError } from '../errors.js';
import { readJwt } from '../auth/decode.js';
import type { VaultConnection } from './connection.js';
import { deleteKv, listKv, readKv, writeKv, type KvLocation } from './kv.js';
import {
  createToken,
  loginWithJwt,
  lookupSelf,
  renewSelf,
  revokeSelf,
  type VaultAuth,
} from './token.js';

/** EGI's KV v1 mount and the folder of each user in it (fedcloudclient secret.py). */
const USER_MOUNT = 'secrets';
const LOCKER_MOUNT = 'cubbyhole';

/** Whose secrets: the user's (logged in with their OIDC access token), or a locker's. */
export type SecretStoreAccess = { accessToken: string } | { lockerToken: string };

/** `fedcloud secret get|list|put|delete` on one store; paths are relative to it. */
export interface SecretStore {
  read(path: string): Promise<Record<string, unknown>>;
  list(path: string): Promise<string[]>;
  write(path: string, secret: Record<string, unknown>): Promise<void>;
  remove(path: string): Promise<void>;
}

/**
 * The Check-in ID Vault files a user's secrets under: the token's `sub`, read without checking
 * the signature as fedcloudclient does (checkin.py get_checkin_id); Vault checks the token.
 */
export function secretOwner(accessToken: string): string {
  const sub = readJwt(accessToken)?.claims.sub;
  if (typeof sub !== 'string' || sub === '') {
    throw new FedcloudError(
      'TOKEN_INVALID',
      'The access token is not a JWT with a subject (sub claim), which names your folder in the secret store',
      { hint: 'Use an EGI Check-in access token (`fedcloud token check` inspects it).' },
    );
  }
  return sub;
}

/**
 * The user's folder `secrets/users/<sub>/`, logging in once on first use (JWT login, role ""),
 * or a locker's cubbyhole. Nothing is sent before the first operation.
 */
export function openSecretStore(conn: VaultConnection, access: SecretStoreAccess): SecretStore {
  let locate: (path: string) => Promise<KvLocation>;
  if ('lockerToken' in access) {
    const token = access.lockerToken;
    locate = async (path) => ({ mount: LOCKER_MOUNT, path, token, target: 'locker' });
  } else {
    const owner = secretOwner(access.accessToken);
    let login: Promise<VaultAuth> | undefined;
    locate = async (path) => {
      login ??= loginWithJwt(conn, access.accessToken);
      const { client_token: token } = await login;
      return { mount: USER_MOUNT, path: `users/${owner}/${path}`, token, target: 'secrets' };
    };
  }
  return {
    read: async (path) => readKv(conn, await locate(path)),
    list: async (path) => listKv(conn, await locate(path)),
    write: async (path, secret) => writeKv(conn, await locate(path), secret),
    remove: async (path) => deleteKv(conn, await locate(path)),
  };
}

export interface LockerRequest {
  /** A Vault duration: "24h", "90m", "3600" (s). */
  ttl: string;
  numUses: number;
}

/**
 * A locker: a token of its own with a cubbyhole, for a VM or a pipeline instead of the user's
 * token. As fedcloudclient: log in, extend the login token by the TTL (a child cannot outlive
 * its parent), then create a non-renewable child with the default policy.
 */
export async function createLocker(
  conn: VaultConnection,
  accessToken: string,
  wanted: LockerRequest,
): Promise<VaultAuth> {
  const login = await loginWithJwt(conn, accessToken);
  await renewSelf(conn, login.client_token, wanted.ttl);
  return createToken(conn, login.client_token, {
    policies: ['default'],
    ttl: wanted.ttl,
    numUses: wanted.numUses,
    renewable: false,
  });
}

/** The locker token's details (TTL left, uses left, …); this costs one of its uses. */
export function checkLocker(
  conn: VaultConnection,
  lockerToken: string,
): Promise<Record<string, unknown>> {
  return lookupSelf(conn, lockerToken, 'locker');
}

/** Revokes the locker token; Vault deletes everything in its cubbyhole. */
export function revokeLocker(conn: VaultConnection, lockerToken: string): Promise<void> {
  return revokeSelf(conn, lockerToken, 'locker');
}
