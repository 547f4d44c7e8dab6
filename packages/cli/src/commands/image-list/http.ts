import { networkReason } from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk/errors';
import type { Runtime } from '../../runtime.js';

/** The URL with no query or fragment (a signed download URL's token stays out of messages). */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

export function unreachable(url: string, error: unknown, what: string): FedcloudError {
  return new FedcloudError(
    'SITE_UNREACHABLE',
    `cannot ${what}: ${shownUrl(url)} is unreachable (${networkReason(error)})`,
    {
      hint: 'Check the URL; for a server with a grid CA, give --ca-file or --ca-dir (or FEDCLOUD_CA_FILE).',
      cause: error,
    },
  );
}

/**
 * A GET through the runtime's transport (its CAs, --debug), its headers within --timeout. The
 * body is the caller's to read: a download may take longer than any one timeout, so the
 * caller guards it with an idle timer instead (see digest.ts).
 */
export async function openUrl(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs'>,
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<Response> {
  // A timer cleared once the headers are in: AbortSignal.timeout would cut a long body short.
  const headers = new AbortController();
  const timer = setTimeout(
    () => headers.abort(new DOMException(`no answer in ${runtime.timeoutMs} ms`, 'TimeoutError')),
    runtime.timeoutMs,
  );
  let response: Response;
  try {
    response = await runtime.fetch(url, {
      // The bytes as stored: a size and checksum are of the file, not of a compressed transfer.
      headers: { 'accept-encoding': 'identity' },
      signal: signal ? AbortSignal.any([signal, headers.signal]) : headers.signal,
    });
  } catch (error) {
    throw unreachable(url, error, what);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new FedcloudError(
      response.status === 404 ? 'NOT_FOUND' : 'SITE_UNREACHABLE',
      `cannot ${what}: ${shownUrl(url)} answered HTTP ${response.status}`,
      response.status === 401 || response.status === 403
        ? {
            hint: 'A private list needs a token: download it (curl with your token) and give the file.',
          }
        : {},
    );
  }
  return response;
}

/** A list is a few MB at most (the hub takes 8 MiB): a larger answer is not a list. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;

/** The whole body of a list download, refusing more than MAX_LIST_BYTES. */
export async function readListBody(response: Response, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_LIST_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new FedcloudError(
        'USAGE',
        `${shownUrl(url)} holds more than ${MAX_LIST_BYTES} bytes: not an image list`,
      );
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
