import type { Transport } from '@fedcloud/openstack';
import { z } from 'zod';
import { FedcloudError } from '../errors.js';
import { decodeAccessToken } from './decode.js';
import { TOKEN_EXPIRED_HINT } from './hints.js';
import { callJson } from './http.js';
import { vosFromEntitlements } from './entitlements.js';

/** https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata */
const configurationSchema = z.object({ userinfo_endpoint: z.url() });

/**
 * Check-in sends `eduperson_entitlement` as an array; a single string is accepted too, since some
 * Keycloak mappers emit one value unwrapped. A user with no entitlements has no claim at all.
 */
const userinfoSchema = z.object({
  eduperson_entitlement: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
});

/**
 * VOs from the issuer's userinfo `eduperson_entitlement`, as `fedcloud token list-vos`: the issuer
 * is the token's `iss`, its userinfo endpoint comes from discovery (the claim is not in the JWT).
 */
export async function listVos(
  accessToken: string,
  options: { transport: Transport; signal?: AbortSignal },
): Promise<string[]> {
  const decoded = decodeAccessToken(accessToken);
  const issuer = decoded.issuer.replace(/\/+$/, '');
  const common = {
    transport: options.transport,
    signal: options.signal,
    code: 'USERINFO_FAILED' as const,
    secrets: [accessToken],
  };
  const configuration = await callJson({
    ...common,
    url: `${issuer}/.well-known/openid-configuration`,
    schema: configurationSchema,
    what: `Discovery of the issuer ${issuer}`,
  });
  try {
    const userinfo = await callJson({
      ...common,
      url: configuration.userinfo_endpoint,
      headers: { Authorization: `Bearer ${accessToken}` },
      schema: userinfoSchema,
      what: `The userinfo endpoint of ${issuer}`,
    });
    return vosFromEntitlements(userinfo.eduperson_entitlement);
  } catch (error) {
    if (error instanceof FedcloudError && error.details?.['status'] === 401) {
      throw rejectedToken(decoded.expiresAt, error);
    }
    throw error;
  }
}

/** A 401 from userinfo: expired if the token says so, otherwise the issuer does not accept it. */
function rejectedToken(expiresAt: Date, cause: FedcloudError): FedcloudError {
  if (expiresAt.getTime() <= Date.now()) {
    return new FedcloudError('TOKEN_EXPIRED', 'The access token has expired', {
      hint: TOKEN_EXPIRED_HINT,
      cause,
    });
  }
  return new FedcloudError('TOKEN_INVALID', 'The issuer rejected the access token', {
    hint: 'The token may have been revoked, or issued for another service; get a new one.',
    cause,
  });
}
