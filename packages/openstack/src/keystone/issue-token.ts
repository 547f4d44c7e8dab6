import { OpenStackError } from '../errors.js';
import { request, type Transport } from '../request.js';
import { asAuthFailure } from './auth-failure.js';
import { parseTokenBody, type TokenInfo } from './token-body.js';

export interface IssuedToken extends TokenInfo {
  token: string;
}

export interface IssueTokenRequest {
  url: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Names the login in the error message ("password login", "federated login"). */
  what: string;
}

/**
 * Any call that mints a token: the token itself is the `X-Subject-Token` response header, the
 * body describes it.
 * https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-unscoped-authorization
 */
export async function issueToken(
  transport: Transport,
  call: IssueTokenRequest,
): Promise<IssuedToken> {
  let response;
  try {
    response = await request(transport, {
      method: call.method ?? 'POST',
      url: call.url,
      service: 'identity',
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(call.headers ? { headers: call.headers } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
    });
  } catch (error) {
    throw asAuthFailure(error, call.what);
  }
  const token = response.headers.get('x-subject-token');
  if (!token) {
    throw new OpenStackError(
      'INVALID_RESPONSE',
      `${call.what} answered ${response.status} without X-Subject-Token`,
      {
        service: 'identity',
        status: response.status,
      },
    );
  }
  return { token, ...parseTokenBody(response.data) };
}
