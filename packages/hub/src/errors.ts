import type { ContentfulStatusCode } from 'hono/utils/http-status';

const HUB_ERROR_CODES = {
  BAD_REQUEST: 400,
  INVALID_DOCUMENT: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type HubErrorCode = keyof typeof HUB_ERROR_CODES;

/** Every error body the hub sends: `{"error": {"code", "message", "details"?}}`. */
export interface HubErrorBody {
  error: { code: HubErrorCode; message: string; details?: unknown };
}

/** The one error class of the hub; its code fixes the HTTP status. Messages never hold tokens. */
export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly details: unknown;
  /** Sent as Retry-After (a 429 or 503 the client should retry later). */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    code: HubErrorCode,
    message: string,
    details?: unknown,
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
  get status(): ContentfulStatusCode {
    return HUB_ERROR_CODES[this.code];
  }
  toBody(): HubErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}
