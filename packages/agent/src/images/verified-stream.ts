import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Why the bytes were refused; the message is the one-line reason shown for the image. */
export class ImageBytesRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageBytesRefused';
  }
}

export interface Expected {
  size: number;
  /** Hex, any case. */
  sha512: string;
}

/**
 * Counts and hashes the bytes flowing through, as the list announces them (`hv:size`,
 * `sl:checksum:sha512`): more bytes than announced fail at once (a server sending forever never
 * fills a disk or Glance), and at the end a short count or another hash fails the stream. Only a
 * stream that ended with both right ends cleanly.
 */
export function verifyingStream(
  expected: Expected,
  onProgress?: (bytes: number) => void,
): Transform & { readonly bytes: number } {
  const hash = createHash('sha512');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      bytes += chunk.length;
      if (bytes > expected.size) {
        done(
          new ImageBytesRefused(
            `the source sent more than the list's hv:size of ${expected.size} bytes`,
          ),
        );
        return;
      }
      hash.update(chunk);
      onProgress?.(bytes);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      if (bytes !== expected.size) {
        done(
          new ImageBytesRefused(
            `the source sent ${bytes} bytes, the list's hv:size is ${expected.size}`,
          ),
        );
        return;
      }
      const got = hash.digest('hex');
      if (got !== expected.sha512.toLowerCase()) {
        done(
          new ImageBytesRefused(
            `sha512 ${got.slice(0, 16)}… is not the list's ${expected.sha512.slice(0, 16)}…`,
          ),
        );
        return;
      }
      done();
    },
  });
  return Object.defineProperty(stream, 'bytes', { get: () => bytes }) as Transform & {
    readonly bytes: number;
  };
}

/**
 * Holds the last chunk back until everything before it in the pipeline has ended cleanly, so
 * the receiver (Glance) never has the whole image before the size and hash were found right: a
 * refused image is an upload cut short, which Glance discards (back to `queued`).
 */
export function lastChunkGate(): Transform {
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done: TransformCallback) {
      done(null, held);
    },
  });
}
