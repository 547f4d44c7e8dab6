import { inspect } from 'node:util';

/**
 * Stable codes callers can switch on (and the CLI maps to exit codes in one place). HTTP codes
 * follow the status; the others name failures that never reached a well-formed answer.
 */
export const OPENSTACK_ERROR_CODES = [
  'HTTP_BAD_REQUEST',
  'HTTP_UNAUTHORIZED',
  'HTTP_FORBIDDEN',
  'HTTP_NOT_FOUND',
  'HTTP_CONFLICT',
  'HTTP_OVER_LIMIT',
  'HTTP_SERVER_ERROR',
  'HTTP_ERROR',
  'KEYSTONE_AUTH_FAILED',
  'ENDPOINT_NOT_FOUND',
  'TIMEOUT',
  'ABORTED',
  'NETWORK_ERROR',
  'INVALID_RESPONSE',
  'INVALID_ARGUMENT',
] as const;

export type OpenStackErrorCode = (typeof OPENSTACK_ERROR_CODES)[number];

/** Everything an error may carry besides its code and message; all of it already redacted. */
export interface OpenStackErrorDetails {
  status?: number;
  /** Catalogue service type (`compute`, `image`, …) or `identity` for Keystone calls. */
  service?: string;
  method?: string;
  url?: string;
  /** `X-OpenStack-Request-Id` (or Nova's `X-Compute-Request-Id`), for the operator's logs. */
  requestId?: string;
  /** The service's own fault name: Nova `itemNotFound`, Neutron `NetworkNotFound`, Keystone title. */
  fault?: string;
  /** Response headers. */
  headers?: Record<string, string>;
  body?: unknown;
  cause?: unknown;
}

/**
 * The one error type of this package. Like openid-client's errors it has a stable `code` and keeps
 * the underlying failure as `cause`; like Octokit's RequestError it never carries credentials:
 * whoever builds one passes values through `redact.ts` first.
 */
export class OpenStackError extends Error {
  override readonly name = 'OpenStackError';
  readonly code: OpenStackErrorCode;
  readonly status?: number;
  readonly service?: string;
  readonly method?: string;
  readonly url?: string;
  readonly requestId?: string;
  readonly fault?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;

  constructor(code: OpenStackErrorCode, message: string, details: OpenStackErrorDetails = {}) {
    super(message, 'cause' in details ? { cause: details.cause } : undefined);
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.service !== undefined) this.service = details.service;
    if (details.method !== undefined) this.method = details.method;
    if (details.url !== undefined) this.url = details.url;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.fault !== undefined) this.fault = details.fault;
    if (details.headers !== undefined) this.headers = details.headers;
    if (details.body !== undefined) this.body = details.body;
  }

  /** A plain, log-friendly view; `cause` is summarised rather than serialised whole. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      service: this.service,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      fault: this.fault,
      body: this.body,
      cause:
        this.cause instanceof Error
          ? this.cause.message
          : this.cause === undefined
            ? undefined
            : inspect(this.cause),
    };
  }
}

export function isOpenStackError(value: unknown): value is OpenStackError {
  return value instanceof OpenStackError;
}

/**
 * Status → code. Nova answers over-quota and rate limits with 413 `overLimit` (older releases) or
 * 403, others with 429; both 413 and 429 mean "over a limit".
 * https://docs.openstack.org/api-guide/compute/faults.html
 */
export function codeForStatus(status: number): OpenStackErrorCode {
  if (status === 400) return 'HTTP_BAD_REQUEST';
  if (status === 401) return 'HTTP_UNAUTHORIZED';
  if (status === 403) return 'HTTP_FORBIDDEN';
  if (status === 404) return 'HTTP_NOT_FOUND';
  if (status === 409) return 'HTTP_CONFLICT';
  if (status === 413 || status === 429) return 'HTTP_OVER_LIMIT';
  if (status >= 500) return 'HTTP_SERVER_ERROR';
  return 'HTTP_ERROR';
}
