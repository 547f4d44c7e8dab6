import { z } from 'zod';
import type { VaultConnection } from './connection.js';
import { vaultJson, vaultSend } from './request.js';

/**
 * Vault's KV version 1 API (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1),
 * which both EGI's `secrets/` mount and every token's `cubbyhole/` speak: a secret is a flat
 * JSON object at a path; writing replaces it whole.
 */
export interface KvLocation {
  /** `secrets` (EGI's mount) or `cubbyhole` (a locker). */
  mount: string;
  /** The path inside the mount. */
  path: string;
  token: string;
  /** Whose store it is, for the hint when Vault refuses. */
  target: 'secrets' | 'locker';
}

const readAnswer = z.object({ data: z.record(z.string(), z.unknown()) });
const listAnswer = z.object({ data: z.object({ keys: z.array(z.string()) }) });

function fullPath(at: KvLocation): string {
  return at.path === '' ? `${at.mount}/` : `${at.mount}/${at.path}`;
}

export async function readKv(
  conn: VaultConnection,
  at: KvLocation,
): Promise<Record<string, unknown>> {
  const answer = await vaultJson(conn, {
    method: 'GET',
    path: fullPath(at),
    token: at.token,
    target: at.target,
    schema: readAnswer,
  });
  return answer.data;
}

/** The names under a folder (`a` and `a/` alike); sub-folders end with `/`. */
export async function listKv(conn: VaultConnection, at: KvLocation): Promise<string[]> {
  const answer = await vaultJson(conn, {
    method: 'GET',
    path: fullPath(at),
    token: at.token,
    list: true,
    target: at.target,
    schema: listAnswer,
  });
  return answer.data.keys;
}

export async function writeKv(
  conn: VaultConnection,
  at: KvLocation,
  secret: Record<string, unknown>,
): Promise<void> {
  await vaultSend(conn, {
    method: 'POST',
    path: fullPath(at),
    token: at.token,
    body: secret,
    target: at.target,
    secrets: Object.values(secret).filter((v): v is string => typeof v === 'string'),
  });
}

export async function deleteKv(conn: VaultConnection, at: KvLocation): Promise<void> {
  await vaultSend(conn, {
    method: 'DELETE',
    path: fullPath(at),
    token: at.token,
    target: at.target,
  });
}
