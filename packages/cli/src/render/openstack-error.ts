import { isOpenStackError } from '@fedcloud/openstack';
import { FedcloudError, isFedcloudError, toFedcloudError } from '@fedcloud/sdk';

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
  const mapped = toFedcloudError(error);
  const context = httpContext(mapped);
  return context
    ? new FedcloudError(mapped.code, `${mapped.message}${context}`, {
        cause: error,
        ...(mapped.details === undefined ? {} : { details: mapped.details }),
        ...(mapped.hint === undefined ? {} : { hint: mapped.hint }),
      })
    : mapped;
}
