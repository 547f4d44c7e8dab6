import { isOpenStackError, type OpenStackError } from '@fedcloud/openstack';
import { isTlsTrustFailure, TLS_TRUST_HINT } from '../auth/hints.js';
import { FedcloudError, isFedcloudError, type FedcloudErrorCode } from '../errors.js';

/**
 * OpenStackError → FedcloudError for anything that is not a Keystone login (those get their own
 * messages in open.ts): timeouts, aborts and dead sites get the codes the CLI shows per site, a
 * 404 is NOT_FOUND, the rest OPENSTACK_ERROR. The OpenStackError stays as `cause` and its status
 * and request id in `details`, for callers that show them.
 */
export function fromOpenStackError(error: OpenStackError, where?: string): FedcloudError {
  const prefix = where === undefined ? '' : `${where}: `;
  return new FedcloudError(codeFor(error), `${prefix}${error.message}`, {
    cause: error,
    details: openStackDetails(error),
    ...(hintFor(error) === undefined ? {} : { hint: hintFor(error) }),
  });
}

/**
 * Any thrown value as a FedcloudError. An AbortSignal's reason (a fan-out's per-site deadline, a
 * spawned client killed by it) is the site's timeout; anything else unknown is INTERNAL. The
 * original stays as `cause`.
 */
export function toFedcloudError(error: unknown, where?: string): FedcloudError {
  if (isFedcloudError(error)) return error;
  if (isOpenStackError(error)) return fromOpenStackError(error, where);
  const message = error instanceof Error ? error.message : String(error);
  const prefix = where === undefined ? '' : `${where}: `;
  const code: FedcloudErrorCode = isAbort(error) ? 'SITE_TIMEOUT' : 'INTERNAL';
  return new FedcloudError(code, `${prefix}${message}`, { cause: error });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function codeFor(error: OpenStackError): FedcloudErrorCode {
  switch (error.code) {
    // A call aborted by the caller's signal: in a fan-out that signal is the site's deadline.
    case 'TIMEOUT':
    case 'ABORTED':
      return 'SITE_TIMEOUT';
    case 'NETWORK_ERROR':
      return 'SITE_UNREACHABLE';
    case 'KEYSTONE_AUTH_FAILED':
      return 'KEYSTONE_AUTH_FAILED';
    case 'HTTP_NOT_FOUND':
      return 'NOT_FOUND';
    default:
      return 'OPENSTACK_ERROR';
  }
}

function hintFor(error: OpenStackError): string | undefined {
  if (error.code === 'NETWORK_ERROR' && isTlsTrustFailure(error.message)) return TLS_TRUST_HINT;
  return undefined;
}

export function openStackDetails(error: OpenStackError): Record<string, unknown> {
  const details: Record<string, unknown> = { openstackCode: error.code };
  if (error.status !== undefined) details.status = error.status;
  if (error.url !== undefined) details.url = error.url;
  if (error.requestId !== undefined) details.requestId = error.requestId;
  return details;
}
