/**
 * The agent's one error type. `code` is stable: the CLI maps it to an exit status (USAGE and
 * SITE_FILE_INVALID are bad input, exit 2) and the sandbox launcher reports it. Messages never
 * contain a password, a client secret or a token.
 */
export const AGENT_ERROR_CODES = [
  'USAGE',
  'SITE_FILE_INVALID',
  'CREDENTIALS_MISSING',
  'SHARE_FAILED',
  'SITE_UNREADABLE',
  'DOCUMENT_INVALID',
  'TOKEN_FAILED',
  'PUBLISH_REJECTED',
  'PUBLISH_FAILED',
  'STOPPED',
] as const;

export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

export interface AgentErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class AgentError extends Error {
  readonly code: AgentErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: AgentErrorCode, message: string, options: AgentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function isAgentError(value: unknown): value is AgentError {
  return value instanceof AgentError;
}

/** Bad input from the operator (flags, files): the CLI exits 2 for these. */
const USAGE_CODES: ReadonlySet<string> = new Set([
  'USAGE',
  'SITE_FILE_INVALID',
  'CREDENTIALS_MISSING',
]);

export function isUsageCode(code: string | undefined): boolean {
  return code !== undefined && USAGE_CODES.has(code);
}

export function isUsageError(error: unknown): boolean {
  return isAgentError(error) && isUsageCode(error.code);
}

/** A one-line reason for any thrown value, for warnings and progress lines. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
