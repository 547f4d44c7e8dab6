import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { wsgiFaultBody } from '../site/fault-bodies.js';
import { ServiceError } from '../site/service-error.js';

export type NovaStatus = 400 | 403 | 404 | 405 | 406 | 409 | 413 | 500 | 501;

/** Thrown by handlers; the app's error handler renders it as a Nova fault body. */
export class NovaError extends Error {
  constructor(
    readonly status: NovaStatus,
    message: string,
  ) {
    super(message);
    this.name = 'NovaError';
  }
}

/** Nova's fault body (site/fault-bodies.ts); 406 for an unsupported microversion is a `computeFault`. */
export function novaFault(c: Context, status: NovaStatus, message: string): Response {
  return c.json(wsgiFaultBody(status, message), status as ContentfulStatusCode);
}

/** Maps anything thrown in a handler to Nova's answer; other services' ServiceErrors keep their status. */
export function toNovaError(err: unknown): NovaError | undefined {
  if (err instanceof NovaError) return err;
  if (err instanceof ServiceError) return new NovaError(err.status, err.message);
  return undefined;
}

export const badRequest = (message: string): NovaError => new NovaError(400, message);
export const forbidden = (message: string): NovaError => new NovaError(403, message);
export const notFound = (message: string): NovaError => new NovaError(404, message);
export const conflict = (message: string): NovaError => new NovaError(409, message);

/** oslo.policy's refusal, as Nova words it (nova/exception.py PolicyNotAuthorized). */
export function policyDenied(rule: string): NovaError {
  return forbidden(`Policy doesn't allow ${rule} to be performed.`);
}

export function instanceNotFound(id: string): NovaError {
  return notFound(`Instance ${id} could not be found.`);
}

/** nova/exception.py InstanceInvalidState, raised as 409 by common.raise_http_conflict_for_instance_invalid_state. */
export function invalidState(action: string, id: string, attr: string, state: string): NovaError {
  return conflict(`Cannot '${action}' instance ${id} while it is in ${attr} ${state}`);
}

/** A route that exists only from some microversion on answers 404 below it (VersionNotFoundForAPIMethod). */
export function versionNotFound(): NovaError {
  return notFound('The resource could not be found.');
}

/** Nova's default policy for admin-only APIs (`rule:context_is_admin`). */
export function requireAdmin(c: { var: { auth: { isAdmin: boolean } } }, rule: string): void {
  if (!c.var.auth.isAdmin) throw policyDenied(rule);
}
