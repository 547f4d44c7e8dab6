import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HubError } from '../../errors.js';

/**
 * AMS's status words by HTTP status (argo-messaging `handlers/errors.go`): clients such as
 * argo-ams-library read `error.code` and `error.message`, operators read `status`.
 */
const AMS_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  422: 'INVALID_ARGUMENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
};

/** One refused message of a publish, in AMS's `errors` list. */
export interface AmsErrorItem {
  message: string;
  /** Which message: `messages[<index>]`, with its empaid when it has one. */
  domain: string;
  /** Our stable code for the refusal, e.g. SIGNER_DN_NOT_REGISTERED. */
  reason: string;
}

export interface AmsErrorBody {
  error: { code: number; message: string; errors?: AmsErrorItem[]; status: string };
}

export function amsErrorBody(
  status: ContentfulStatusCode,
  message: string,
  errors?: AmsErrorItem[],
): AmsErrorBody {
  return {
    error: {
      code: status,
      message,
      ...(errors ? { errors } : {}),
      status: AMS_STATUS[status] ?? 'INTERNAL_SERVER_ERROR',
    },
  };
}

/** A HubError (or anything thrown) in AMS's shape, so stock clients log the hub's words. */
export function amsErrorOf(error: unknown): { status: ContentfulStatusCode; body: AmsErrorBody } {
  if (error instanceof HubError) {
    return { status: error.status, body: amsErrorBody(error.status, error.message) };
  }
  console.error('fedcloud-hub: AMS route:', error);
  return { status: 500, body: amsErrorBody(500, 'internal error; see the hub log') };
}
