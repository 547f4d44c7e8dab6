import { OpenStackError } from '../errors.js';

/**
 * A login refused by Keystone (401, or 403 when e.g. a federated token's issuer does not match
 * the identity provider's remote_id) becomes KEYSTONE_AUTH_FAILED, keeping the HTTP error as cause.
 */
export function asAuthFailure(error: unknown, what: string): unknown {
  if (!(error instanceof OpenStackError) || (error.status !== 401 && error.status !== 403))
    return error;
  return new OpenStackError('KEYSTONE_AUTH_FAILED', `${what} refused: ${error.message}`, {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.service === undefined ? {} : { service: error.service }),
    ...(error.method === undefined ? {} : { method: error.method }),
    ...(error.url === undefined ? {} : { url: error.url }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    ...(error.fault === undefined ? {} : { fault: error.fault }),
    // WWW-Authenticate tells mod_auth_openidc's refusal (Bearer error=…) from Keystone's own.
    ...(error.headers === undefined ? {} : { headers: error.headers }),
    ...(error.body === undefined ? {} : { body: error.body }),
    cause: error,
  });
}
