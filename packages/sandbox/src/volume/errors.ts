import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { wsgiFaultBody } from '../site/fault-bodies.js';

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
  const retry = error.headers['Retry-After'];
  const overLimit = (error.status === 413 || error.status === 429) && retry !== undefined;
  for (const [key, value] of Object.entries(error.headers)) c.header(key, value);
  return c.json(
    wsgiFaultBody(error.status, error.message, overLimit ? { retryAfter: retry } : {}),
    error.status,
  );
}

export function volumeNotFound(id: string): CinderError {
  return new CinderError(404, `Volume ${id} could not be found.`);
}

export function invalidVolume(reason: string): CinderError {
  return new CinderError(400, `Invalid volume: ${reason}`);
}
