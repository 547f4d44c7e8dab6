import { isOpenStackError, type OpenStackError } from '@fedcloud/openstack';
import { FedcloudError, isFedcloudError, type FedcloudErrorCode } from '@fedcloud/sdk';

/**
 * ` (HTTP 404) (Request-ID: req-…)` for an error that came straight from an OpenStack answer:
 * what a site's operator needs to find the call in the service's logs. Empty otherwise.
 */
export function httpContext(error: FedcloudError): string {
  const cause = error.cause;
  if (!isOpenStackError(cause) || !cause.status) return '';
  return ` (HTTP ${cause.status})${cause.requestId ? ` (Request-ID: ${cause.requestId})` : ''}`;
}

/**
 * A thrown value as `fedcloud ssh` and `fedcloud select` show it: an error already mapped (by a
 * fan-out, by a site session) as it is; a raw OpenStack failure with its HTTP context.
 */
export function withHttpContext(error: unknown): FedcloudError {
  if (isFedcloudError(error)) return error;
  const mapped = mapRaw(error);
  const context = httpContext(mapped);
  return context
    ? new FedcloudError(mapped.code, `${mapped.message}${context}`, { cause: error })
    : mapped;
}

/**
 * The codes of @fedcloud/sdk's toFedcloudError (session/errors.ts), which its index does not
 * export yet; this goes once it does.
 */
function mapRaw(error: unknown): FedcloudError {
  if (isOpenStackError(error)) {
    return new FedcloudError(openStackCode(error), error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  const abort =
    error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
  return new FedcloudError(abort ? 'SITE_TIMEOUT' : 'INTERNAL', message, { cause: error });
}

function openStackCode(error: OpenStackError): FedcloudErrorCode {
  switch (error.code) {
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
