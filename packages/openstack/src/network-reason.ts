/** What a failed connection says about itself: undici's `code` (ECONNREFUSED, …) and message. */
export interface NetworkCause {
  code: string | undefined;
  message: string;
}

/**
 * undici reports every connection failure as "fetch failed" and keeps the useful part
 * (ECONNREFUSED, a TLS or DNS error) in `cause`; Happy Eyeballs wraps it in an AggregateError.
 */
export function networkCause(error: unknown): NetworkCause {
  if (!(error instanceof Error)) return { code: undefined, message: String(error) };
  const inner = error.cause;
  const first = inner instanceof AggregateError ? (inner.errors[0] as unknown) : inner;
  if (!(first instanceof Error)) return { code: undefined, message: error.message };
  const code = (first as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : undefined, message: first.message };
}

/** The cause as one line: `ECONNREFUSED: connect …`, the code left out when the message has it. */
export function networkReason(error: unknown): string {
  const { code, message } = networkCause(error);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
