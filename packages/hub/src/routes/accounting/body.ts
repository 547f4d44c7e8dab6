import { HubError } from '../../errors.js';
import { readLimitedText } from '../limited-body.js';

/**
 * The broker's limit on one message (AMS, 1 MB): a message that could not have travelled the
 * stock path is refused here too, so agents split their batches the same way for both.
 */
const MAX_BATCH_BYTES = 1024 * 1024;

// cASO's text as it is: text/plain, or no type at all, or octet-stream from tools that send files.
const MESSAGE_TYPES = /^(text\/plain|application\/octet-stream)\s*(;|$)/i;

/**
 * The body of a batch as text, refused unread when its Content-Length is over the limit and
 * refused as soon as a chunked upload passes it.
 */
export async function readMessageBody(request: Request, limit = MAX_BATCH_BYTES): Promise<string> {
  const type = request.headers.get('content-type');
  if (type && !MESSAGE_TYPES.test(type)) {
    throw new HubError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the batch as one APEL cloud message in text (Content-Type: text/plain), not ${type}`,
    );
  }
  const tooLarge = () =>
    new HubError(
      'PAYLOAD_TOO_LARGE',
      `the batch is larger than ${limit} bytes, the most one accounting message may hold (the broker's limit); send its records in smaller batches (at most 100 records a message, as SSM does)`,
      { limit },
    );
  return readLimitedText(request, {
    limit,
    tooLarge,
    notText: 'the batch is not UTF-8 text (an APEL message is ASCII)',
  });
}
