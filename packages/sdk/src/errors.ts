/**
 * The one error type of the SDK and CLI. `code` is stable (scripts and the CLI's exit codes rely
 * on it); `hint` tells the user how to fix the problem. Messages never contain a token.
 */
export const FEDCLOUD_ERROR_CODES = [
  'USAGE',
  'TOKEN_MISSING',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'TOKEN_REFRESH_FAILED',
  'OIDC_AGENT_FAILED',
  'MYTOKEN_FAILED',
  'USERINFO_FAILED',
  'SITE_UNKNOWN',
  'SITE_CONFIG_INVALID',
  'SITE_TIMEOUT',
  'SITE_UNREACHABLE',
  'VO_NOT_AT_SITE',
  'KEYSTONE_AUTH_FAILED',
  'OPENSTACK_ERROR',
  'NOT_FOUND',
  'SPEC_INVALID',
  'EXTERNAL_COMMAND_FAILED',
  'VAULT_ERROR',
  'SECRET_NOT_FOUND',
  'DECRYPT_FAILED',
  'IMAGE_LIST_INVALID',
  'IMAGE_LIST_SIGNATURE_INVALID',
  'IMAGE_LIST_UNTRUSTED',
  'KEY_FILE_INSECURE',
  'INTERNAL',
] as const;

export type FedcloudErrorCode = (typeof FEDCLOUD_ERROR_CODES)[number];

export interface FedcloudErrorOptions {
  hint?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class FedcloudError extends Error {
  readonly code: FedcloudErrorCode;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: FedcloudErrorCode, message: string, options: FedcloudErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FedcloudError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function isFedcloudError(value: unknown): value is FedcloudError {
  return value instanceof FedcloudError;
}
