import type { Transport } from '@fedcloud/openstack';
import type { DecodedToken, TokenOptions, TokenProvider, TokenProviderContext } from './types.js';

const todo = (): never => {
  throw new Error('not implemented yet');
};

/** Reads fedcloudclient's environment variables (OIDC_ACCESS_TOKEN, FEDCLOUD_MYTOKEN, ...). */
export function tokenOptionsFromEnv(_env: NodeJS.ProcessEnv): TokenOptions {
  return todo();
}

/**
 * The provider for the first source present, in fedcloudclient's order: access token, mytoken,
 * oidc-agent, then refresh token. When an explicit access token is given and a refreshable source
 * is also configured, the latter renews the token before it expires. FedcloudError TOKEN_MISSING
 * (with a hint saying how to get one) when nothing is configured.
 */
export function createTokenProvider(
  _options: TokenOptions,
  _context: TokenProviderContext,
): TokenProvider {
  return todo();
}

/** Reads a JWT access token's claims without checking its signature (as `fedcloud token check`). */
export function decodeAccessToken(_token: string): DecodedToken {
  return todo();
}

/** VOs from the issuer's userinfo `eduperson_entitlement` (subgroups collapse, other roles ignored). */
export async function listVos(
  _accessToken: string,
  _options: { transport: Transport; signal?: AbortSignal },
): Promise<string[]> {
  return todo();
}

/** The fedcloudclient regex over a list of entitlements; sorted, unique. */
export function vosFromEntitlements(_entitlements: string[]): string[] {
  return todo();
}
