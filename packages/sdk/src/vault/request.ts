import {
  isOpenStackError,
  networkReason,
  request,
  transportFetch,
  type Transport,
} from '@fedcloud/openstack';
import type { z } from 'zod';
import { FedcloudError } from '../errors.js';
import { vaultApiUrl, type VaultConnection } from './connection.js';
import { vaultError, type VaultFailure } from './vault-error.js';

export interface VaultCall<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under /v1/, e.g. `secrets/users/<sub>/app` or `auth/token/lookup-self`. */
  path: string;
  /** Sent as X-Vault-Token. */
  token?: string;
  body?: unknown;
  /** `?list=true`: Vault's LIST operation as a GET, which every Vault and proxy accepts. */
  list?: boolean;
  target: VaultFailure['target'];
  /** Values to keep out of any message, besides the token (the secret's own values). */
  secrets?: readonly (string | undefined)[];
  /** Validates the JSON answer (vaultJson); vaultSend reads none. */
  schema: z.ZodType<T>;
}

const transports = new WeakMap<Transport, Transport>();

/**
 * The transport with redirects left unfollowed: fetch keeps custom headers across origins, so
 * a redirect would carry X-Vault-Token wherever it pointed (request() only guards X-Auth-Token).
 */
function noRedirects(transport: Transport): Transport {
  let wrapped = transports.get(transport);
  if (!wrapped) {
    const inner = transportFetch(transport);
    wrapped = {
      ...transport,
      fetch: (input, init) => inner(input, { ...init, redirect: 'manual' }),
    };
    transports.set(transport, wrapped);
  }
  return wrapped;
}

/** A call whose answer is JSON, validated by `call.schema`. */
export async function vaultJson<T>(conn: VaultConnection, call: VaultCall<T>): Promise<T> {
  const data = await send(conn, call);
  const parsed = call.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new FedcloudError(
      'VAULT_ERROR',
      `Vault returned an unexpected answer to ${call.method} ${shownUrl(conn, call)}${at}: ${issue?.message ?? 'invalid'}`,
      { details: { url: shownUrl(conn, call) } },
    );
  }
  // The answer as Vault sent it: zod's output puts a loose object's declared keys first, and
  // fedcloudclient prints Vault's order (`locker create --verbose`).
  return data as T;
}

/** A call whose answer does not matter (Vault sends 204 No Content). */
export async function vaultSend(
  conn: VaultConnection,
  call: Omit<VaultCall<unknown>, 'schema'>,
): Promise<void> {
  await send(conn, call);
}

function shownUrl(conn: VaultConnection, call: Pick<VaultCall<unknown>, 'path'>): string {
  return vaultApiUrl(conn.url, call.path);
}

/** One call to Vault's HTTP API; any failure becomes a FedcloudError without the token in it. */
async function send(
  conn: VaultConnection,
  call: Omit<VaultCall<unknown>, 'schema'>,
): Promise<unknown> {
  const url = shownUrl(conn, call) + (call.list ? '?list=true' : '');
  const secrets = [call.token, ...(call.secrets ?? [])];
  let data: unknown;
  try {
    const response = await request(noRedirects(conn.transport), {
      method: call.method,
      url,
      ...(call.token === undefined ? {} : { headers: { 'X-Vault-Token': call.token } }),
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(conn.signal ? { signal: conn.signal } : {}),
      service: 'vault',
    });
    data = response.data;
  } catch (error) {
    const failure: VaultFailure = {
      method: call.method,
      url: shownUrl(conn, call),
      target: call.target,
      secrets,
    };
    if (isOpenStackError(error) && error.status !== undefined) {
      failure.status = error.status;
      failure.body = error.body;
    } else if (isOpenStackError(error) && error.code === 'TIMEOUT') {
      failure.reason = 'no answer in time (see --timeout)';
    } else {
      failure.reason = networkReason(isOpenStackError(error) ? error.cause : error);
      failure.cause = error;
    }
    throw vaultError(failure);
  }
  return data;
}
