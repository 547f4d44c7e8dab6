import { HubError } from '../../errors.js';
import { readLimitedText } from '../limited-body.js';

// text/plain too: it is what fetch() sends for a string body when the caller sets no type.
const JSON_TYPES = /^(application\/([\w.-]+\+)?json|text\/json|text\/plain)\s*(;|$)/i;

/**
 * The request body as text, refusing more than `limit` bytes before reading them all (the
 * Content-Length when given, the running total for chunked uploads) and bodies that are not UTF-8.
 */
export async function readJsonBody(request: Request, limit: number): Promise<string> {
  const type = request.headers.get('content-type');
  if (type && !JSON_TYPES.test(type)) {
    throw new HubError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the GLUE 2.1 document as JSON (Content-Type: application/json), not ${type}`,
    );
  }
  const tooLarge = () =>
    new HubError(
      'PAYLOAD_TOO_LARGE',
      `the document is larger than this hub accepts (${limit} bytes)`,
      { limit },
    );
  return readLimitedText(request, {
    limit,
    tooLarge,
    notText: 'the body is not UTF-8 text',
  });
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HubError(
      'BAD_REQUEST',
      `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
