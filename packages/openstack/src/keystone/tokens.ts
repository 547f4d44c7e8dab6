import { request, type Transport } from '../request.js';
import { parseTokenBody, type TokenInfo } from './token-body.js';

export interface TokenCheck {
  /** Keystone v3 root, e.g. `https://keystone.example.org:5000/v3`. */
  identityUrl: string;
  /** The caller's own token (`X-Auth-Token`). */
  token: string;
  /** The token to check; the caller's own when omitted. */
  subjectToken?: string;
  signal?: AbortSignal;
}

/**
 * `GET /v3/auth/tokens`: Keystone answers 404 for an unknown, expired or revoked token.
 * https://docs.openstack.org/api-ref/identity/v3/#validate-and-show-information-for-token
 */
export async function validateToken(transport: Transport, check: TokenCheck): Promise<TokenInfo> {
  const response = await request(transport, {
    url: `${check.identityUrl}/auth/tokens`,
    token: check.token,
    headers: { 'X-Subject-Token': check.subjectToken ?? check.token },
    service: 'identity',
    ...(check.signal ? { signal: check.signal } : {}),
  });
  return parseTokenBody(response.data);
}

/**
 * `DELETE /v3/auth/tokens` (204).
 * https://docs.openstack.org/api-ref/identity/v3/#revoke-token
 */
export async function revokeToken(transport: Transport, check: TokenCheck): Promise<void> {
  await request(transport, {
    method: 'DELETE',
    url: `${check.identityUrl}/auth/tokens`,
    token: check.token,
    headers: { 'X-Subject-Token': check.subjectToken ?? check.token },
    expected: [204],
    service: 'identity',
    ...(check.signal ? { signal: check.signal } : {}),
  });
}
