import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
};

/**
 * Keystone (and keystonemiddleware in front of every other service) answers errors as
 * `{"error": {"code", "message", "title"}}`.
 * https://docs.openstack.org/api-ref/identity/v3/#error-responses (keystone/exception.py)
 */
export function keystoneError(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json({ error: { code: status, message, title: TITLES[status] ?? 'Error' } }, status);
}

export const AUTH_REQUIRED = 'The request you have made requires authentication.';
