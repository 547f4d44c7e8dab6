import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { ImageEntry } from '@fedcloud/sdk/image-list';
import { ImageBytesRefused } from './verified-stream.js';

/** A source that sends nothing for this long is given up (a stalled mirror must not hang a run). */
const IDLE_MS = 60_000;

export interface ImageSource {
  body: Readable;
  /** Call on every chunk: the idle timer starts again. */
  touch: () => void;
  close: () => void;
}

/**
 * Opens the image's `hv:uri` for streaming. Refuses at once a server that answers other than
 * 200, or announces more bytes than the list's `hv:size`.
 */
export async function openImageSource(
  image: ImageEntry,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<ImageSource> {
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(
      () => idle.abort(new ImageBytesRefused(`the source sent nothing for ${IDLE_MS / 1000} s`)),
      IDLE_MS,
    );
    timer.unref();
  };
  touch();
  const url = image['hv:uri'];
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal: AbortSignal.any([idle.signal, ...(signal ? [signal] : [])]),
      redirect: 'follow',
    });
  } catch (error) {
    clearTimeout(timer);
    const cause =
      error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new ImageBytesRefused(
      `cannot fetch ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`,
    );
  }
  const size = Number(image['hv:size']);
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  const refuse = async (reason: string): Promise<never> => {
    clearTimeout(timer);
    await response.body?.cancel().catch(() => undefined);
    throw new ImageBytesRefused(reason);
  };
  if (response.status !== 200) await refuse(`${url} answered HTTP ${response.status}`);
  if (announced > size) {
    await refuse(`${url} announces ${announced} bytes, the list's hv:size is ${size}`);
  }
  if (!response.body) await refuse(`${url} sent no body`);
  return {
    body: Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>),
    touch,
    close: () => clearTimeout(timer),
  };
}
