import { HubError } from '../errors.js';

export interface LimitedBodyOptions {
  limit: number;
  /** The 413 to throw, worded for what the route takes. */
  tooLarge: () => HubError;
  /** The 400 message for a body that is not UTF-8. */
  notText: string;
}

/**
 * The request body as text, refusing more than `limit` bytes before reading them all (the
 * Content-Length when given, the running total for chunked uploads) and bodies that are not UTF-8.
 */
export async function readLimitedText(
  request: Request,
  { limit, tooLarge, notText }: LimitedBodyOptions,
): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HubError('BAD_REQUEST', notText);
  }
}
