import { z } from 'zod';
import type { VaultConnection } from './connection.js';
import { vaultJson, vaultSend } from './request.js';

/**
 * Vault's JWT login and token API (https://developer.hashicorp.com/vault/api-docs/auth/jwt,
 * https://developer.hashicorp.com/vault/api-docs/auth/token), the calls fedcloudclient makes
 * through hvac.
 */

/** `auth` of a login or token-create answer; Vault sends more fields, all kept. */
const authSchema = z.looseObject({
  client_token: z.string(),
  accessor: z.string().optional(),
  policies: z.array(z.string()).nullable().optional(),
  lease_duration: z.number().optional(),
  renewable: z.boolean().optional(),
});
const authAnswer = z.object({ auth: authSchema });
const dataAnswer = z.object({ data: z.record(z.string(), z.unknown()) });

export type VaultAuth = z.infer<typeof authSchema>;

/** EGI's Vault logs users in with the default JWT role (fedcloudclient VAULT_ROLE = ""). */
export async function loginWithJwt(
  conn: VaultConnection,
  jwt: string,
  role = '',
): Promise<VaultAuth> {
  const answer = await vaultJson(conn, {
    method: 'POST',
    path: 'auth/jwt/login',
    body: { role, jwt },
    target: 'login',
    secrets: [jwt],
    schema: authAnswer,
  });
  return answer.auth;
}

/** Extends the calling token by `increment` (a Vault duration such as "24h"). */
export async function renewSelf(
  conn: VaultConnection,
  token: string,
  increment: string,
): Promise<void> {
  await vaultSend(conn, {
    method: 'POST',
    path: 'auth/token/renew-self',
    token,
    body: { increment },
    target: 'token',
  });
}

export interface TokenRequest {
  policies: string[];
  ttl: string;
  numUses: number;
  renewable: boolean;
}

/** A child token of `token`. The body is hvac's for `token.create(...)`, defaults included. */
export async function createToken(
  conn: VaultConnection,
  token: string,
  wanted: TokenRequest,
): Promise<VaultAuth> {
  const answer = await vaultJson(conn, {
    method: 'POST',
    path: 'auth/token/create',
    token,
    body: {
      policies: wanted.policies,
      no_parent: false,
      no_default_policy: false,
      renewable: wanted.renewable,
      ttl: wanted.ttl,
      display_name: 'token',
      num_uses: wanted.numUses,
    },
    target: 'token',
    schema: authAnswer,
  });
  return answer.auth;
}

/** What Vault knows of a token (its TTL, uses left, policies); this uses one of its uses. */
export async function lookupSelf(
  conn: VaultConnection,
  token: string,
  target: 'locker' | 'token' = 'token',
): Promise<Record<string, unknown>> {
  const answer = await vaultJson(conn, {
    method: 'GET',
    path: 'auth/token/lookup-self',
    token,
    target,
    schema: dataAnswer,
  });
  return answer.data;
}

/** Revokes the token; Vault drops its cubbyhole with it. */
export async function revokeSelf(
  conn: VaultConnection,
  token: string,
  target: 'locker' | 'token' = 'token',
): Promise<void> {
  await vaultSend(conn, {
    method: 'POST',
    path: 'auth/token/revoke-self',
    token,
    target,
  });
}
