import type { Transport } from '../request.js';
import { identityBaseUrl } from './discovery.js';
import { issueToken } from './issue-token.js';
import type { UnscopedToken } from './types.js';

export interface FederatedLoginOptions {
  authUrl: string;
  /** The Keystone identity provider id, e.g. `egi.eu`. */
  identityProvider: string;
  /** The federation protocol, `openid` on the EGI Federated Cloud. */
  protocol: string;
  /** An OIDC access token the site's OIDC module (mod_auth_openidc) validates. */
  accessToken: string;
  signal?: AbortSignal;
}

/**
 * Exchange an OIDC access token for an unscoped Keystone token.
 * `POST {base}/v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth` with
 * `Authorization: Bearer`; the token is the `X-Subject-Token` header of the 201.
 * https://docs.openstack.org/api-ref/identity/v3-ext/#request-an-unscoped-os-federation-token
 */
export async function loginWithFederation(
  transport: Transport,
  options: FederatedLoginOptions,
): Promise<UnscopedToken> {
  const base = identityBaseUrl(options.authUrl);
  const url =
    `${base}/v3/OS-FEDERATION/identity_providers/${encodeURIComponent(options.identityProvider)}` +
    `/protocols/${encodeURIComponent(options.protocol)}/auth`;
  const issued = await issueToken(transport, {
    url,
    what: 'federated login',
    headers: { Authorization: `Bearer ${options.accessToken}` },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const unscoped: UnscopedToken = {
    token: issued.token,
    expiresAt: issued.expiresAt,
    identityUrl: `${base}/v3`,
    methods: issued.methods,
  };
  if (issued.userId !== undefined) unscoped.userId = issued.userId;
  if (issued.userName !== undefined) unscoped.userName = issued.userName;
  return unscoped;
}
