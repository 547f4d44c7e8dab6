import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { keystoneErrorBody } from '../site/fault-bodies.js';

/**
 * Keystone (and keystonemiddleware in front of every other service) answers errors as
 * `{"error": {"code", "message", "title"}}`.
 * https://docs.openstack.org/api-ref/identity/v3/#error-responses (keystone/exception.py)
 */
export function keystoneError(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json(keystoneErrorBody(status, message), status);
}

/**
 * keystone.exception.Unauthorized is a SecurityError: without `insecure_debug` Keystone replaces
 * every detail (wrong password, no access to the project, bad federated assertion) with this text.
 */
export const AUTH_REQUIRED = 'The request you have made requires authentication.';

/** exception.Forbidden, also a SecurityError, so its details are suppressed the same way. */
export const FORBIDDEN = 'You are not authorized to perform the requested action.';

/** What Flask answers (rendered by Keystone's error handler) for a path no blueprint serves. */
export const NOT_FOUND = 'The resource could not be found.';

export const METHOD_NOT_ALLOWED = 'The method is not allowed for the requested URL.';

/** exception.ForbiddenAction names the policy rule that refused the call. */
export function forbiddenAction(c: Context, action: string): Response {
  return keystoneError(
    c,
    403,
    `You are not authorized to perform the requested action: ${action}.`,
  );
}

/** exception.ValidationError's message, e.g. "Expecting to find valid JSON in request body. …". */
export function expectingToFind(attribute: string, target: string): string {
  return (
    `Expecting to find ${attribute} in ${target}. The server could not comply with the request ` +
    'since it is either malformed or otherwise incorrect. The client is assumed to be in error.'
  );
}
