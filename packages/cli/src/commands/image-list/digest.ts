import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { FedcloudError, isFedcloudError } from '@fedcloud/sdk/errors';
import type { Runtime } from '../../runtime.js';
import { openUrl, shownUrl, unreachable } from './http.js';
import { isUrl } from './input.js';
import { unreadable } from './list-file.js';

/** What the list says of an image's bytes: `hv:size` and `sl:checksum:sha512`. */
export interface ImageDigest {
  size: number;
  sha512: string;
}

/** Bytes read so far, and of how many when the size is known. */
export type DigestProgress = (done: number, total: number | undefined) => void;

/**
 * Size and SHA-512 of an image, a chunk at a time: images are GBs and are never held in
 * memory. A URL is downloaded through the runtime's transport; a download that stops sending
 * for --timeout is abandoned, and one shorter or longer than its Content-Length refused.
 */
export async function digestImage(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs'>,
  where: string,
  onProgress: DigestProgress = () => undefined,
): Promise<ImageDigest> {
  return isUrl(where) ? digestUrl(runtime, where, onProgress) : digestFile(where, onProgress);
}

async function digestFile(path: string, onProgress: DigestProgress): Promise<ImageDigest> {
  let total: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    total = info.size;
  } catch (error) {
    throw unreadable(path, error, 'image');
  }
  const hash = createHash('sha512');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
      onProgress(size, total);
    }
  } catch (error) {
    throw unreadable(path, error, 'image');
  }
  return { size, sha512: hash.digest('hex') };
}

async function digestUrl(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs'>,
  url: string,
  onProgress: DigestProgress,
): Promise<ImageDigest> {
  const what = 'download the image';
  const idle = new AbortController();
  const response = await openUrl(runtime, url, what, idle.signal);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
  const hash = createHash('sha512');
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => idle.abort(new DOMException(`no data for ${runtime.timeoutMs} ms`, 'TimeoutError')),
      runtime.timeoutMs,
    );
  };
  const reader = response.body?.getReader();
  try {
    arm();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      hash.update(value);
      size += value.byteLength;
      onProgress(size, total);
    }
  } catch (error) {
    if (isFedcloudError(error)) throw error;
    throw unreachable(url, idle.signal.aborted ? idle.signal.reason : error, what);
  } finally {
    clearTimeout(timer);
  }
  if (total !== undefined && size !== total) {
    throw new FedcloudError(
      'SITE_UNREACHABLE',
      `cannot ${what}: ${shownUrl(url)} sent ${size} bytes of the ${total} it announced`,
      { hint: 'The download was cut short; try again.' },
    );
  }
  return { size, sha512: hash.digest('hex') };
}
