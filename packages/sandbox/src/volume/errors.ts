import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** cinder/api/openstack/wsgi.py `Fault._fault_names`; anything else is a `computeFault`. */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** Raised by Cinder handlers; rendered as Cinder's fault body by `cinderErrorResponse`. */
export class CinderError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'CinderError';
  }
}

/**
 * `{"itemNotFound": {"code": 404, "message": "…"}}`; over-quota faults carry `retryAfter` from the
 * exception's Retry-After header (cinder QuotaError sets "0").
 * https://docs.openstack.org/api-ref/block-storage/v3/#errors (cinder/api/openstack/wsgi.py Fault)
 */
export function cinderErrorResponse(c: Context, error: CinderError): Response {
  const name = FAULT_NAMES[error.status] ?? 'computeFault';
  const fault: Record<string, unknown> = { code: error.status, message: error.message };
  const retry = error.headers['Retry-After'];
  if ((error.status === 413 || error.status === 429) && retry !== undefined)
    fault.retryAfter = retry;
  for (const [key, value] of Object.entries(error.headers)) c.header(key, value);
  return c.json({ [name]: fault }, error.status);
}

export function volumeNotFound(id: string): CinderError {
  return new CinderError(404, `Volume ${id} could not be found.`);
}

export function invalidVolume(reason: string): CinderError {
  return new CinderError(400, `Invalid volume: ${reason}`);
}
